// dotnet run --project src/Bunq.Emulator -- [--port N] [--data-dir DIR] [--no-rate-limits] [--first-id N] [--help]
return await Bunq.Emulator.EmulatorProgram.RunAsync(args);
