namespace Bunq;

/// <summary>
/// One call's record, made once by the outermost handler (<see cref="BunqCallHandler"/>) and read by every handler
/// after it, the rate limiter, telemetry and the error messages — the way the Azure SDK's <c>HttpMessage</c> carries a
/// request's properties through its pipeline. Its facts (verb, route, token kind, signed, raw bytes, rate-limit key)
/// are settled here and nowhere else, so a span name, a limiter key and an error message can never name different
/// routes; its state (deadline, credentials of the current attempt, attempt count) replaces the request options each
/// handler used to set. One small object per call: the facts it points at are worked out once per endpoint method.
/// </summary>
internal sealed class BunqCall
{
    private static readonly HttpRequestOptionsKey<BunqCall> Key = new("Bunq.Call");

    private BunqCall(HttpMethod method, BunqOperationFacts operation, BunqAuthentication authentication, bool signed)
    {
        Method = method;
        Operation = operation;
        Authentication = authentication;
        Signed = signed;
    }

    /// <summary>The verb.</summary>
    public HttpMethod Method { get; }

    /// <summary>What is known of the endpoint method this call is made to.</summary>
    public BunqOperationFacts Operation { get; }

    /// <summary>The route template (<c>/user/{userId}/payment</c>; ids as placeholders): for spans, metrics and errors.</summary>
    public string RouteTemplate => Operation.RouteTemplate;

    /// <summary>The token the call carries (the operation's, unless the request overrides it).</summary>
    public BunqAuthentication Authentication { get; }

    /// <summary>Whether the body is signed (the operation's, unless the request overrides it; never without a token).</summary>
    public bool Signed { get; }

    /// <summary>The call's total-time bound, when it has one; the rate limiter pauses it while the call is queued.</summary>
    public BunqCallDeadline? Deadline { get; set; }

    /// <summary>The keys and token of the current attempt, set by the authentication handler for the signing handler.</summary>
    public BunqCredentials? Credentials { get; set; }

    /// <summary>
    /// The task of the attempt a <see cref="BunqResilienceHandler"/> just made, when it was answered at once: handed on
    /// in place of a task of the handler's own. Set and read within one stage's synchronous run.
    /// </summary>
    public Task<HttpResponseMessage>? Answered { get; set; }

    /// <summary>Attempts made so far (retries and the resend after a session renewal pass the same message again).</summary>
    public int Attempts { get; set; }

    /// <summary>
    /// Starts the call record of <paramref name="request"/> (replacing one a previous send of the same message left):
    /// its operation's facts from <paramref name="manifest"/>, then the request's own overrides.
    /// </summary>
    public static BunqCall Start(HttpRequestMessage request, BunqEndpointManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(manifest);
        BunqOperationFacts operation = manifest.OperationOf(request);
        BunqAuthentication authentication = request.Options.TryGetValue(BunqRequestOptions.Authentication, out BunqAuthentication kind)
            ? kind
            : operation.Authentication;
        bool signed = authentication != BunqAuthentication.None
            && (request.Options.TryGetValue(BunqRequestOptions.Signed, out bool explicitlySigned) ? explicitlySigned : operation.Signed);
        var call = new BunqCall(request.Method, operation, authentication, signed);
        request.Options.Set(Key, call);
        return call;
    }

    /// <summary>Takes the record off <paramref name="request"/> when its call is over.</summary>
    public static void End(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(Key, out BunqCall? call))
        {
            // a pooled deadline serves another call next: nothing reaches it through this record any more
            call.Deadline = null;
            ((IDictionary<string, object?>)request.Options).Remove(Key.Key);
        }
    }

    /// <summary>The record <see cref="BunqCallHandler"/> made for <paramref name="request"/>.</summary>
    /// <exception cref="InvalidOperationException">The request did not come through <see cref="BunqCallHandler"/>.</exception>
    public static BunqCall Of(HttpRequestMessage request) =>
        request.Options.TryGetValue(Key, out BunqCall? call)
            ? call
            : throw new InvalidOperationException("The request has no bunq call record: BunqCallHandler must be the outermost bunq handler of the pipeline.");
}
