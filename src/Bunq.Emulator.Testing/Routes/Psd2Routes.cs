using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// PSD2 providers: <c>payment-service-provider-credential</c> turns an installation plus a QSEAL/eIDAS certificate into
/// a token that device-server and session-server take as their secret, and <c>user-payment-service-provider</c> shows
/// the provider's user (bunq-protocol.md §10.2).
/// </summary>
internal static class Psd2Routes
{
    /// <summary>bunq's credential is <c>PENDING_FIRST_USE</c> until a device registers with it; the emulator does not expire it.</summary>
    private static readonly TimeSpan CredentialLifetime = TimeSpan.FromDays(7);

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        // bunq requires the signature here: the body is what proves the installation belongs to the certificate's owner.
        routes.Map("POST", "/v1/payment-service-provider-credential", context => CreateCredential(context, state), RouteAuth.Installation, signatureRequired: true);
        routes.Map("GET", "/v1/user-payment-service-provider/{itemId}", context => GetProvider(context, state), RouteAuth.Session, itemIs: ItemIs.User);
    }

    public static JsonObject ProviderItem(EmulatorState state, User user) => Item("UserPaymentServiceProvider", state.Objects.Build("UserPaymentServiceProviderRead", user.Id, user, new JsonObject
    {
        ["created"] = Time(user.Created),
        ["updated"] = Time(user.Created),
        ["certificate_distinguished_name"] = user.CertificateDistinguishedName,
        ["alias"] = new JsonArray(),
        ["avatar"] = null,
        ["status"] = "ACTIVE",
        ["sub_status"] = "NONE",
        ["public_uuid"] = new Guid(System.Security.Cryptography.MD5.HashData(BitConverter.GetBytes(user.Id))).ToString("D"),
        ["display_name"] = user.DisplayName,
        ["public_nick_name"] = user.DisplayName,
        ["language"] = "en_US",
        ["region"] = "nl_NL",
        ["session_timeout"] = user.SessionTimeout,
    }));

    private static IResult CreateCredential(HttpContext context, EmulatorState state)
    {
        CallContext call = CallContext.Of(context);
        if (!Psd2CredentialCheck.TryAccept(RequestJson.Parse(call.Body), call.Installation!, state.Now, out var certificate, out string error))
        {
            return Error(400, error);
        }

        // One provider user per certificate subject, as bunq keeps one user per registered provider.
        User provider = state.Users.Values.FirstOrDefault(u => u.Kind == UserKind.PaymentServiceProvider && u.CertificateDistinguishedName == certificate.Subject)
            ?? AddProvider(state, certificate.Subject, certificate.CommonName);
        ApiKey credential = state.CreateApiKey(provider, string.Empty);
        string now = Time(state.Now);
        return Ok(Item("CredentialPasswordIp", new JsonObject
        {
            ["id"] = credential.CredentialId,
            ["created"] = now,
            ["updated"] = now,
            ["status"] = "PENDING_FIRST_USE",
            ["expiry_time"] = Time(state.Now + CredentialLifetime),
            ["token_value"] = credential.Secret,
            ["permitted_device"] = null,
        }));
    }

    private static IResult GetProvider(HttpContext context, EmulatorState state) =>
        CallContext.Of(context).Session!.ApiKey.User is { Kind: UserKind.PaymentServiceProvider } provider ? Ok(ProviderItem(state, provider)) : Error(404, "User not found.");

    private static User AddProvider(EmulatorState state, string subject, string commonName)
    {
        var user = new User(state.NextId(), UserKind.PaymentServiceProvider, commonName, state.Options.SessionTimeoutSeconds)
        {
            CertificateDistinguishedName = subject,
            Created = state.Now,
        };
        state.Users.Add(user.Id, user);
        return user;
    }
}
