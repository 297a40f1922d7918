using Microsoft.CodeAnalysis;

namespace Bunq.Generators.Diagnostics;

/// <summary>Every descriptor, in one place. Each id has a page under docs/diagnostics.</summary>
internal static class DiagnosticDescriptors
{
    // The repository's docs folder; the pages are plain Markdown beside the code.
    private const string HelpBase = "https://github.com/bunq-generators/Bunq.Generators/blob/main/docs/diagnostics/";
    private const string Category = "Bunq";

    public static readonly DiagnosticDescriptor UnsignedEndpoint = Create(
        DiagnosticIds.UnsignedEndpoint, DiagnosticSeverity.Error,
        "bunq endpoint is not signed",
        "Method '{0}' of [BunqEndpoint] interface '{1}' is not signed: add [Signed] to the method or the interface",
        "bunq rejects unsigned payment and session calls with 466; every endpoint must carry [Signed] so the request body is signed.");

    public static readonly DiagnosticDescriptor MissingHttpVerb = Create(
        DiagnosticIds.MissingHttpVerb, DiagnosticSeverity.Error,
        "bunq endpoint has no HTTP verb",
        "Method '{0}' of [BunqEndpoint] interface '{1}' has no Refit HTTP verb attribute ([Get], [Post], [Put], [Patch], [Delete], [Head] or [Options])",
        "Refit cannot build a request for a method without a verb; the call would throw at run time.");

    public static readonly DiagnosticDescriptor RouteNotRelative = Create(
        DiagnosticIds.RouteNotRelative, DiagnosticSeverity.Error,
        "bunq route is not a relative path",
        "Route '{0}' of method '{1}' must be a path relative to the bunq base address, starting with '/'",
        "An absolute URL or a host in a route would bypass the configured HTTPS base address and its certificate pins.");

    public static readonly DiagnosticDescriptor ContextRouteDeclared = Create(
        DiagnosticIds.ContextRouteDeclared, DiagnosticSeverity.Error,
        "Context-creation route declared by hand",
        "Method '{0}' creates API context with POST '{1}'; the context bootstrapper owns creating installation, device-server and session-server",
        "Calling these endpoints by hand would create a second installation or session the client does not know about. Reading them (GET /device-server) is allowed.");

    public static readonly DiagnosticDescriptor OverloadedEndpoint = Create(
        DiagnosticIds.OverloadedEndpoint, DiagnosticSeverity.Error,
        "bunq endpoint method is overloaded",
        "Method name '{0}' is declared more than once in [BunqEndpoint] interface '{1}'; give each endpoint its own name",
        "Refit identifies a request by interface and method name only; overloads would share one signing policy.");

    public static readonly DiagnosticDescriptor SignedOutsideEndpoint = Create(
        DiagnosticIds.SignedOutsideEndpoint, DiagnosticSeverity.Warning,
        "[Signed] has no effect here",
        "[Signed] on '{0}' has no effect: it only applies to [BunqEndpoint] interfaces, their methods and the interfaces they inherit from",
        "Only [BunqEndpoint] interfaces are wired to the signing handler.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor ClientNotPartialClass = Create(
        DiagnosticIds.ClientNotPartialClass, DiagnosticSeverity.Error,
        "[BunqClient] class cannot be completed",
        "[BunqClient] type '{0}' cannot be completed: {1}",
        "The generator completes a non-static, non-abstract, non-generic, top-level partial class with endpoint properties, Manifest, Connection, UserId, ConnectAsync and DisposeAsync; the class must leave room for them.");

    public static readonly DiagnosticDescriptor MissingCancellationToken = Create(
        DiagnosticIds.MissingCancellationToken, DiagnosticSeverity.Warning,
        "bunq endpoint cannot be cancelled",
        "Method '{0}' of [BunqEndpoint] interface '{1}' has no CancellationToken parameter",
        "Calls to a bank can be slow or rate-limited; callers need a way to give up.");

    public static readonly DiagnosticDescriptor BodyOnBodilessVerb = Create(
        DiagnosticIds.BodyOnBodilessVerb, DiagnosticSeverity.Error,
        "Body on a GET or DELETE",
        "Method '{0}' sends a [Body] with {1}; bunq takes no body on GET or DELETE",
        "bunq ignores or rejects bodies on these verbs, and the signature would cover bytes the server never reads.");

    public static readonly DiagnosticDescriptor RefitGeneratorDisabled = Create(
        DiagnosticIds.RefitGeneratorDisabled, DiagnosticSeverity.Error,
        "Refit's source generator is off",
        "Refit's source generator is disabled ({0}); [BunqClient] '{1}' needs Refit's generated clients",
        "Without Refit's generator the build succeeds but every bunq client fails at run time.");

    public static readonly DiagnosticDescriptor DuplicateEndpointProperty = Create(
        DiagnosticIds.DuplicateEndpointProperty, DiagnosticSeverity.Error,
        "Two endpoint interfaces share a client property name",
        "[BunqEndpoint] interfaces '{0}' and '{1}' would both become property '{2}' of the client; rename one",
        "The client has one property per endpoint interface, named after the interface without its leading 'I'.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor RouteUnknownToBunq = Create(
        DiagnosticIds.RouteUnknownToBunq, DiagnosticSeverity.Warning,
        "Route unknown to bunq",
        "Route '{0}' of method '{1}' is not one of bunq's routes; nearest: '{2}'",
        "Checked against bunq's API catalogue (placeholders match by position, a query part is ignored); bunq answers an unknown route with 404 at run time. A newer copy of bunq's description can be supplied as the AdditionalFiles item bunq-openapi.json.");

    public static readonly DiagnosticDescriptor VerbNotOfferedByBunq = Create(
        DiagnosticIds.VerbNotOfferedByBunq, DiagnosticSeverity.Warning,
        "Verb not offered by bunq on this route",
        "bunq does not offer {0} on '{1}' (method '{2}'); it offers {3}",
        "Checked against bunq's API catalogue; bunq refuses a verb it does not offer on a route at run time.");

    public static readonly DiagnosticDescriptor BodyPropertyUnknownToBunq = Create(
        DiagnosticIds.BodyPropertyUnknownToBunq, DiagnosticSeverity.Warning,
        "Body property unknown to bunq",
        "Property '{0}' of '{1}' is sent as '{2}', which bunq's {3} does not have; nearest field: '{4}'",
        "The body is serialized with snake_case names (or [JsonPropertyName]); bunq ignores or refuses a field its request object does not have.");

    public static readonly DiagnosticDescriptor RouteRepeatsVersion = Create(
        DiagnosticIds.RouteRepeatsVersion, DiagnosticSeverity.Error,
        "Route starts with /v1",
        "Route '{0}' of method '{1}' starts with /v1, which the base address already ends with; it would be sent as /v1/v1/...",
        "Routes are relative to bunq's versioned base address (https://api.bunq.com/v1/).");

    public static readonly DiagnosticDescriptor ResponsePropertyUnknownToBunq = Create(
        DiagnosticIds.ResponsePropertyUnknownToBunq, DiagnosticSeverity.Info,
        "Response property unknown to bunq",
        "Property '{0}' of '{1}' reads '{2}', which bunq's {3} does not have; it will stay at its default",
        "The response is read with snake_case names (or [JsonPropertyName]); a property bunq's object does not have is never filled.");

    public static readonly DiagnosticDescriptor EndpointPropertyClash = Create(
        DiagnosticIds.EndpointPropertyClash, DiagnosticSeverity.Error,
        "Endpoint property clashes with a client member",
        "[BunqEndpoint] interface '{0}' would become property '{1}' of client '{2}', but '{1}' is {3}; rename the interface",
        "Each endpoint interface becomes a client property named after it without the leading 'I'; the generator leaves out a property whose name is taken, so the interface would be silently unreachable.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor EndpointNotBuildable = Create(
        DiagnosticIds.EndpointNotBuildable, DiagnosticSeverity.Error,
        "Endpoint interface cannot be added to a client",
        "[BunqEndpoint] interface '{0}' cannot be added to a client: {1}",
        "The generator gives every client a property of each endpoint interface's type and registers it with dependency injection.");

    public static readonly DiagnosticDescriptor GenericEndpointMethod = Create(
        DiagnosticIds.GenericEndpointMethod, DiagnosticSeverity.Error,
        "Generic endpoint method",
        "Method '{0}' of [BunqEndpoint] interface '{1}' is generic; declare one method per response type",
        "The response of a bunq call is verified and unwrapped into a type known when the code is compiled (and, under NativeAOT, described by a JsonSerializerContext).");

    public static readonly DiagnosticDescriptor ReferencedEndpointsNotIncluded = Create(
        DiagnosticIds.ReferencedEndpointsNotIncluded, DiagnosticSeverity.Info,
        "Endpoint interfaces of a referenced assembly are not included",
        "[BunqClient] '{0}' does not include the [BunqEndpoint] interfaces of referenced assembly '{1}' ({2}); add [assembly: BunqEndpointsFrom(typeof({3}))] to include them",
        "A client includes its own project's endpoint interfaces; those of a referenced assembly only when the project names it with [assembly: BunqEndpointsFrom(typeof(T))].");

    public static readonly DiagnosticDescriptor UnusableOpenApiFile = Create(
        DiagnosticIds.UnusableOpenApiFile, DiagnosticSeverity.Warning,
        "bunq-openapi.json is not a usable description of bunq's API",
        "'{0}' is not a usable OpenAPI description of bunq's API ({1}); routes, verbs and fields are checked against the embedded catalogue instead",
        "An AdditionalFiles item named bunq-openapi.json replaces the catalogue the analyzers check against; when it cannot be read as an OpenAPI document with paths, the embedded copy stays in charge, and this says so instead of checking silently against what the project did not ask for.");

    public static readonly DiagnosticDescriptor RawBytesMismatch = Create(
        DiagnosticIds.RawBytesMismatch, DiagnosticSeverity.Warning,
        "Raw bytes and JSON do not match bunq's operation",
        "Method '{0}' {1}",
        "bunq takes an attachment upload's body, and answers every …/content read, as the file's raw bytes, not JSON, and requires X-Bunq-Attachment-Description on uploads (bunq's catalogue, with the sources in data/bunq-facts.txt); Refit sends Stream, HttpContent and byte[] bodies as bytes and serializes anything else to JSON, so a mismatch is a request bunq refuses or an answer that cannot be read.");

    private static DiagnosticDescriptor Create(string id, DiagnosticSeverity severity, string title, string message, string description, params string[] tags) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, description, HelpBase + id + ".md", tags);
}
