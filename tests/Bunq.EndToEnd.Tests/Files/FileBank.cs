using Bunq.Emulator;
using static Bunq.EndToEnd.Tests.GeneratedClientTests;

namespace Bunq.EndToEnd.Tests;

/// <summary>An emulator with a sandbox user holding money, and the generated client connected to it over TLS.</summary>
internal sealed class FileBank : IAsyncDisposable
{
    private FileBank(BunqEmulator emulator, Bank bank, long accountId)
    {
        Emulator = emulator;
        Bank = bank;
        AccountId = accountId;
    }

    public BunqEmulator Emulator { get; }

    public Bank Bank { get; }

    public long UserId => Bank.UserId;

    public long AccountId { get; }

    public IAttachments Attachments => Bank.Attachments;

    public IStatements Statements => Bank.Statements;

    public static async Task<FileBank> StartAsync(Action<BunqOptions>? configure = null, BunqEmulatorOptions? emulatorOptions = null)
    {
        emulatorOptions ??= new BunqEmulatorOptions();
        emulatorOptions.EnforceRateLimits = false;
        BunqEmulator emulator = await BunqEmulator.StartAsync(emulatorOptions);
        try
        {
            BunqOptions options = Options(emulator, await CreateSandboxUserAsync(emulator));
            configure?.Invoke(options);
            Bank bank = await Bank.ConnectAsync(options);
            long accountId = (await bank.MonetaryAccounts.ListAsync(bank.UserId)).Items.Single().Id;
            return new FileBank(emulator, bank, accountId);
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Bank.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}

/// <summary>A stream that can be read front to back once, like a network or pipe stream: no length, no seeking, no second pass.</summary>
internal sealed class OneWayStream(byte[] bytes) : Stream
{
    private int _position;

    /// <summary>How many times a reader started at the beginning.</summary>
    public int Passes { get; private set; }

    /// <summary>Throws an <see cref="IOException"/> once this many bytes were read, as a broken pipe or connection does.</summary>
    public int FailAfter { get; init; } = int.MaxValue;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position == 0 && buffer.Length > 0)
        {
            Passes++;
        }

        if (_position >= FailAfter)
        {
            throw new IOException("The source of this stream went away.");
        }

        int n = Math.Min(buffer.Length, Math.Min(bytes.Length, FailAfter) - _position);
        bytes.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
