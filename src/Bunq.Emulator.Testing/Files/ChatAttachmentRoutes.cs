using Microsoft.Net.Http.Headers;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// <c>GET /user/{userID}/chat-conversation/{chat-conversationID}/attachment/{attachmentID}/content</c>: a file sent to the
/// user in a chat conversation, answered as its bytes with its Content-Type and signed over those bytes like every other
/// <c>…/content</c> route (bunq/sdk_csharp <c>AttachmentConversationContent.List</c> returns the body bytes "without any
/// JSON wrapping"; data/bunq-facts.txt <c>raw GET */content answer</c>). bunq's API reference describes no route that
/// makes a conversation or a message (only this read is left in its OpenAPI description), so the files come from the
/// other side, bunq's support: a test sends one with <see cref="BunqEmulator.SendChatFile"/>. Anything else is a 404.
/// </summary>
internal static class ChatAttachmentRoutes
{
    public const string Content = "/v1/user/{userID}/chat-conversation/{chat-conversationID}/attachment/{attachmentID}/content";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state) =>
        routes.Map("GET", Content, context => Read(context, state), RouteAuth.Session);

    /// <summary>Keeps a file sent to <paramref name="user"/> in a conversation, on disk too with a data folder; null when refused, with why.</summary>
    public static StoredAttachment? Send(EmulatorState state, User user, long? conversationId, byte[] file, string contentType, string description, out string? refusal)
    {
        string type = MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? parsed) && parsed.MediaType.HasValue
            ? parsed.MediaType.Value!.ToLowerInvariant()
            : string.Empty;
        refusal = !AttachmentRoutes.ReceiptTypes.Contains(type, StringComparer.Ordinal) ? $"The file's Content-Type must be one of {string.Join(", ", AttachmentRoutes.ReceiptTypes)}."
            : file.Length == 0 ? "The file is empty."
            : file.Length > AttachmentRoutes.MaxBytes ? $"The file is larger than {AttachmentRoutes.MaxBytes / (1024 * 1024)} MB."
            : conversationId is <= 0 ? "A conversation id is a positive number."
            : null;
        if (refusal is not null)
        {
            return null;
        }

        var attachment = new StoredAttachment(state.NextId(), Guid.NewGuid().ToString("D"), AttachmentScope.ChatConversation, user.Id, 0, type,
            description, state.Now, file.ToArray())
        {
            ConversationId = conversationId ?? state.NextId(),
        };
        state.Files.Add(attachment);
        return attachment;
    }

    private static IResult Read(HttpContext context, EmulatorState state) =>
        state.Files.Attachments.TryGetValue(context.RouteLong("attachmentID"), out StoredAttachment? attachment)
        && attachment.Scope == AttachmentScope.ChatConversation
        && attachment.UserId == CallContext.Of(context).Session!.DataOwner.Id
        && attachment.ConversationId == context.RouteLong("chat-conversationID")
            ? Results.Bytes(attachment.Bytes, attachment.ContentType)
            : Error(404, "Attachment not found.");
}
