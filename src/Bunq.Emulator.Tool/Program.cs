// bunq-emulator [--port N] [--data-dir DIR] [--no-rate-limits] [--first-id N] [--help]: the same program as
// `dotnet run --project src/Bunq.Emulator`, packed as a .NET tool.
return await Bunq.Emulator.EmulatorProgram.RunAsync(args);
