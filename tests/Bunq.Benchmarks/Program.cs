using BenchmarkDotNet.Running;
using Bunq.Benchmarks;

// dotnet run -c Release --project tests/Bunq.Benchmarks -- --inProcess --job short --filter '*'   P1, P2, P4 (docs/benchmarks.md)
// dotnet run -c Release --project tests/Bunq.Benchmarks -- --inProcess --job short --filter '*ClientOverhead*'
// dotnet run -c Release --project tests/Bunq.Benchmarks -- rate-ceiling [seconds]   P3 against the emulator (default 60 s)
// dotnet run -c Release --project tests/Bunq.Benchmarks -- p1-time [rounds] [batch]  P1's time ratio, floor and pipeline alternating
// dotnet run -c Release --project tests/Bunq.Benchmarks -- alloc-trace [requests]  P1's allocations ranked by type
// dotnet-trace collect --profile gc-verbose -o p1.nettrace -- dotnet Bunq.Benchmarks.dll alloc-trace, then
// dotnet Bunq.Benchmarks.dll alloc-report p1.nettrace <B per request> [depth]       the same by source and stack
// dotnet run -c Release --project tests/Bunq.Benchmarks -- emulator-cpu [requests] [--cpu-only] [--emulator DLL] [emulator options]   P6 (the emulator's CPU per request, start-up)
if (args.Length > 0 && args[0] == "emulator-cpu")
{
    bool counted = args.Length > 1 && int.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out _);
    await EmulatorCpu.RunAsync(counted ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3000, args.Skip(counted ? 2 : 1).ToArray());
    return;
}

if (args.Length > 0 && args[0] == "rate-ceiling")
{
    int seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60;
    await RateCeiling.RunAsync(TimeSpan.FromSeconds(seconds));
    return;
}

if (args.Length > 0 && args[0] == "p1-time")
{
    // p1-time [rounds] [calls per batch]: P1's time ratio, floor and pipeline alternating (docs/benchmarks.md, P1 round four)
    await P1Time.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 101,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return;
}

if (args.Length > 0 && args[0] == "alloc-trace")
{
    await AllocationTrace.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000);
    return;
}

if (args.Length > 2 && args[0] == "alloc-report")
{
    // alloc-report <trace.nettrace> <bytes per request from alloc-trace> [stack depth] [FullPipeline|RefitAlone]
    AllocationReport.Run(args[1], long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 12,
        args.Length > 4 ? args[4] : "FullPipeline");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ClientOverhead).Assembly).Run(args);
