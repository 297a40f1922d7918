using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// Attachments as bunq takes them: the request body is the file itself, "without any JSON wrapping", its MIME type in
/// <c>Content-Type</c> and a required <c>X-Bunq-Attachment-Description</c> (bunq's OpenAPI description of
/// <c>CREATE_AttachmentPublic</c> and <c>CREATE_Attachment_for_User_MonetaryAccount</c>); every <c>…/content</c> answers the
/// stored bytes with their Content-Type, signed over those bytes by the protocol middleware like any other answer.
/// </summary>
/// <remarks>
/// Accepted types: image/png, image/jpeg and image/gif ("Supported types are: image/png, image/jpeg and image/gif", bunq/doc
/// <c>DESCRIPTION.md</c>, Attachment headers; bunq/gitbook <c>basics/headers.md</c>); an account attachment may also be a PDF,
/// which bunq's note guide lists for receipts ("JPEG, PNG, or PDF", doc.bunq.com/note-text-and-attachment). bunq publishes
/// no size limit; the emulator's, <see cref="MaxBytes"/>, is its own and refuses a larger file with a 400 in bunq's error
/// shape, as it does a wrong type or a missing description.
/// </remarks>
internal static class AttachmentRoutes
{
    /// <summary>The largest file the emulator keeps: 10 MiB (bunq publishes no figure; this one is the emulator's).</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    public const string DescriptionHeader = "X-Bunq-Attachment-Description";

    private const string AccountAttachments = "/v1/user/{userID}/monetary-account/{monetary-accountID}/attachment";
    private const string UserAttachments = "/v1/user/{userID}/attachment";

    private static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/gif"];
    internal static readonly string[] ReceiptTypes = [.. ImageTypes, "application/pdf"];

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("POST", "/v1/attachment-public", context => UploadPublic(context, state));
        routes.Map("GET", "/v1/attachment-public/{itemId}", context => ReadPublic(context, state), RouteAuth.Session);
        routes.Map("GET", "/v1/attachment-public/{attachment-publicUUID}/content", context => PublicContent(context, state), RouteAuth.Session);
        routes.Map("POST", AccountAttachments, context => UploadToAccount(context, state));
        routes.Map("GET", AccountAttachments + "/{attachmentID}/content", context => AccountContent(context, state), RouteAuth.Session);
        routes.Map("GET", UserAttachments + "/{itemId}", context => ReadUserAttachment(context, state), RouteAuth.Session);
        routes.Map("GET", UserAttachments + "/{attachmentID}/content", context => UserContent(context, state), RouteAuth.Session);
    }

    private static IResult UploadPublic(HttpContext context, EmulatorState state)
    {
        if (Refusal(context, ImageTypes, out string contentType, out string description) is { } refusal)
        {
            return refusal;
        }

        StoredAttachment attachment = Keep(context, state, AttachmentScope.Public, 0, contentType, description);
        // bunq answers a public upload with its UUID, not an id (bunq/sdk_csharp AttachmentPublic.Create: ProcessForUuid).
        return Ok(Item("Uuid", new JsonObject { ["uuid"] = attachment.Uuid }));
    }

    private static IResult UploadToAccount(HttpContext context, EmulatorState state)
    {
        if (Refusal(context, ReceiptTypes, out string contentType, out string description) is { } refusal)
        {
            return refusal;
        }

        Account account = CallContext.Of(context).Account!;
        return Ok(Id(Keep(context, state, AttachmentScope.MonetaryAccount, account.Id, contentType, description).Id));
    }

    private static IResult ReadPublic(HttpContext context, EmulatorState state) =>
        state.Files.FindPublic(context.Request.RouteValues["itemId"] as string ?? string.Empty) is { } attachment
            ? Ok(Item("AttachmentPublic", state.Objects.Build("AttachmentPublicRead", attachment.Id, state.Users[attachment.UserId], new JsonObject
            {
                ["uuid"] = attachment.Uuid,
                ["created"] = Time(attachment.Created),
                ["updated"] = Time(attachment.Created),
                ["attachment"] = Describe(attachment),
            })))
            : NotFound();

    private static IResult PublicContent(HttpContext context, EmulatorState state) =>
        state.Files.FindPublic(context.Request.RouteValues["attachment-publicUUID"] as string ?? string.Empty) is { } attachment
            ? Content(attachment)
            : NotFound();

    private static IResult AccountContent(HttpContext context, EmulatorState state)
    {
        Account account = CallContext.Of(context).Account!;
        return state.Files.Attachments.TryGetValue(context.RouteLong("attachmentID"), out StoredAttachment? attachment)
            && attachment.Scope == AttachmentScope.MonetaryAccount && attachment.AccountId == account.Id
            ? Content(attachment)
            : NotFound();
    }

    private static IResult ReadUserAttachment(HttpContext context, EmulatorState state) =>
        OwnedByUser(context, state, "itemId") is { } attachment
            ? Ok(Item("AttachmentUser", state.Objects.Build("AttachmentUserRead", attachment.Id, state.Users[attachment.UserId], new JsonObject
            {
                ["created"] = Time(attachment.Created),
                ["updated"] = Time(attachment.Created),
                ["attachment"] = Describe(attachment),
            })))
            : NotFound();

    private static IResult UserContent(HttpContext context, EmulatorState state) =>
        OwnedByUser(context, state, "attachmentID") is { } attachment ? Content(attachment) : NotFound();

    /// <summary>An account attachment of the session's data owner: what bunq's "downloading attachments" guide reads per user.</summary>
    private static StoredAttachment? OwnedByUser(HttpContext context, EmulatorState state, string route) =>
        state.Files.Attachments.TryGetValue(context.RouteLong(route), out StoredAttachment? attachment)
        && attachment.Scope == AttachmentScope.MonetaryAccount && attachment.UserId == CallContext.Of(context).Session!.DataOwner.Id
            ? attachment
            : null;

    /// <summary>What makes bunq refuse an upload: the type, the description, the size — checked before any state is touched.</summary>
    private static IResult? Refusal(HttpContext context, string[] allowed, out string contentType, out string description)
    {
        byte[] body = CallContext.Of(context).Body;
        contentType = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out MediaTypeHeaderValue? parsed) && parsed.MediaType.HasValue
            ? parsed.MediaType.Value!.ToLowerInvariant()
            : string.Empty;
        description = context.Request.Headers[DescriptionHeader].ToString().Trim();
        if (!allowed.Contains(contentType, StringComparer.Ordinal))
        {
            return Error(400, $"The attachment's Content-Type must be one of {string.Join(", ", allowed)}.");
        }

        if (description.Length == 0)
        {
            return Error(400, "An attachment needs a description in the X-Bunq-Attachment-Description header.");
        }

        if (body.Length == 0)
        {
            return Error(400, "The attachment is empty: send the file's bytes as the request body, without JSON.");
        }

        return body.Length > MaxBytes ? Error(400, $"The attachment is larger than {MaxBytes / (1024 * 1024)} MB.") : null;
    }

    private static StoredAttachment Keep(HttpContext context, EmulatorState state, AttachmentScope scope, long accountId, string contentType, string description)
    {
        Session session = CallContext.Of(context).Session!;
        var attachment = new StoredAttachment(state.NextId(), Guid.NewGuid().ToString("D"), scope, session.DataOwner.Id, accountId, contentType, description,
            state.Now, CallContext.Of(context).Body);
        state.Files.Add(attachment);
        return attachment;
    }

    private static JsonObject Describe(StoredAttachment attachment) => new()
    {
        ["description"] = attachment.Description,
        ["content_type"] = attachment.ContentType,
        ["urls"] = new JsonArray(),
    };

    private static IResult Content(StoredAttachment attachment) => Results.Bytes(attachment.Bytes, attachment.ContentType);

    private static IResult NotFound() => Error(404, "Attachment not found.");
}
