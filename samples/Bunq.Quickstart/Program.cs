using Bunq.OAuth;
using Bunq;
using Bunq.Quickstart;

// The README's first command. Exit codes: 0 done; 2 bad arguments or options; 3 the server broke bunq's protocol
// (bad or missing signature); 4 certificate pin mismatch; 5 bunq refused a call; 6 stored context unreadable; 7 network;
// 1 anything else.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(QuickstartArguments.Usage);
    return 0;
}

QuickstartArguments arguments;
try
{
    arguments = QuickstartArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(QuickstartArguments.Usage);
    return 2;
}

try
{
    if (arguments.OAuth)
    {
        await QuickstartOAuthRun.RunAsync(CancellationToken.None);
    }
    else
    {
        await new QuickstartRun(arguments).RunAsync(CancellationToken.None);
    }

    return 0;
}
catch (BunqSignatureException e)
{
    return Fail(3, $"protocol violation: {e.Message}");
}
catch (BunqPinningException e)
{
    return Fail(4, $"certificate refused: {e.Message}");
}
catch (BunqOAuthException e)
{
    return Fail(5, e.Message);
}
catch (BunqApiException e)
{
    return Fail(5, e.Message);
}
catch (BunqContextStoreException e)
{
    return Fail(6, e.Message);
}
catch (BunqConfigurationException e)
{
    return Fail(2, e.Message);
}
catch (BunqTransportException e)
{
    return Fail(7, $"network: {e.Message}");
}
catch (HttpRequestException e)
{
    return Fail(7, $"network: {e.Message}");
}
catch (BunqException e)
{
    return Fail(1, e.Message);
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    return Fail(1, $"unexpected {e.GetType().Name}: {e.Message}");
}

static int Fail(int code, string message)
{
    // one line, naming the cause
    Console.Error.WriteLine("error: " + message.ReplaceLineEndings(" "));
    return code;
}
