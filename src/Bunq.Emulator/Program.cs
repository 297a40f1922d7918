// bunq-emulator [--port N] [--data-dir DIR] [--no-rate-limits] [--first-id N] [--help]: run it with
// `dotnet run --project src/Bunq.Emulator`, or install it as the .NET tool Bunq.Emulator.
return await Bunq.Emulator.EmulatorProgram.RunAsync(args);
