using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Bunq.Benchmarks;

/// <summary>
/// P1's time ratio, measured so that drift hits both sides alike: BenchmarkDotNet runs every iteration of the floor,
/// then every iteration of the pipeline, so a machine that speeds up or slows down in between (a shared 2-core
/// virtual machine does, by more than the 5 % the target allows) biases the ratio. Here the two sides alternate in
/// short batches — floor then pipeline in one round, pipeline then floor in the next, so a steady drift within a pair
/// cancels — and each round gives its own ratio; the median of the rounds is the figure, the quartiles its spread.
/// Each batch is timed twice: by the wall clock and by the thread's own CPU time (the in-memory pipeline runs wholly
/// on the calling thread, its gen-0 collections included), which a busy machine disturbs far less than the wall clock.
/// Same objects as the BenchmarkDotNet class (<see cref="ClientOverhead"/>): the same body, keys, client and transport.
/// </summary>
internal static class P1Time
{
    public static async Task RunAsync(int rounds, int batch)
    {
        var bench = new ClientOverhead();
        bench.Setup();
        try
        {
            // Warm-up: tiered JIT to its final code on both sides, caches filled.
            for (int i = 0; i < 3_000; i++)
            {
                bench.SignAndVerify();
                await bench.FullPipeline();
            }

            var wall = new double[rounds];
            var cpu = new double[rounds];
            var floorMicros = new double[rounds];
            var pipelineMicros = new double[rounds];
            for (int round = 0; round < rounds; round++)
            {
                Sample floor, pipeline;
                if (round % 2 == 0)
                {
                    floor = Floor(bench, batch);
                    pipeline = await PipelineAsync(bench, batch);
                }
                else
                {
                    pipeline = await PipelineAsync(bench, batch);
                    floor = Floor(bench, batch);
                }

                wall[round] = pipeline.Wall / floor.Wall;
                cpu[round] = floor.Cpu > 0 && pipeline.Cpu > 0 ? pipeline.Cpu / floor.Cpu : double.NaN;
                floorMicros[round] = floor.Wall / batch * 1e6;
                pipelineMicros[round] = pipeline.Wall / batch * 1e6;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"P1 time: {rounds} alternating rounds of {batch} floor + {batch} pipeline calls; load average {EmulatorCpu.LoadAverage()}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  floor (RSA sign + verify): median {Quantile(floorMicros, 0.5):F1} µs; full pipeline: median {Quantile(pipelineMicros, 0.5):F1} µs"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ratio by wall clock:   median {Quantile(wall, 0.5):F3}  (quartiles {Quantile(wall, 0.25):F3}–{Quantile(wall, 0.75):F3})"));
            if (cpu.Any(r => !double.IsNaN(r)))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  ratio by thread CPU:   median {Quantile(cpu, 0.5):F3}  (quartiles {Quantile(cpu, 0.25):F3}–{Quantile(cpu, 0.75):F3})"));
            }
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static Sample Floor(ClientOverhead bench, int batch)
    {
        long cpu = ThreadCpuNanoseconds();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < batch; i++)
        {
            bench.SignAndVerify();
        }

        return new Sample(Stopwatch.GetElapsedTime(start).TotalSeconds, (ThreadCpuNanoseconds() - cpu) / 1e9);
    }

    private static async Task<Sample> PipelineAsync(ClientOverhead bench, int batch)
    {
        int thread = Environment.CurrentManagedThreadId;
        long cpu = ThreadCpuNanoseconds();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < batch; i++)
        {
            // completes synchronously over the in-memory transport: the batch stays on this thread
            Task<long> call = bench.FullPipeline();
            if (!call.IsCompletedSuccessfully)
            {
                await call;
            }
        }

        // a call that did go asynchronous moved the batch to another thread, whose CPU clock is another one
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new Sample(seconds, thread == Environment.CurrentManagedThreadId ? (ThreadCpuNanoseconds() - cpu) / 1e9 : double.NaN);
    }

    private static double Quantile(double[] values, double q)
    {
        double[] sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }

    // CLOCK_THREAD_CPUTIME_ID (Linux): the calling thread's CPU time in nanoseconds; 0 where unavailable.
    private static long ThreadCpuNanoseconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        return clock_gettime(3, out Timespec time) == 0 ? (time.Seconds * 1_000_000_000L) + time.Nanoseconds : 0;
    }

    [DllImport("libc", SetLastError = false)]
#pragma warning disable SA1300, CA5392 // the C function's own name; libc is the system library
    private static extern int clock_gettime(int clock, out Timespec time);
#pragma warning restore SA1300, CA5392

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private readonly record struct Sample(double Wall, double Cpu);
}
