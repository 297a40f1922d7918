namespace Bunq.Emulator;

public sealed partial class BunqEmulator
{
    /// <summary>
    /// Sends a file to a user in a chat conversation, as bunq's support does in the app: the user then reads it with
    /// <c>GET /user/{userID}/chat-conversation/{conversationId}/attachment/{attachmentId}/content</c>, the bytes signed.
    /// bunq's API offers no route that makes a conversation, so this is how one comes to hold a file. No callback is
    /// raised: bunq's callback reference names a CHAT category but publishes neither its event type nor a chat object
    /// in its API description (README, "Where it knowingly differs").
    /// </summary>
    /// <param name="userId">The user the file is for (the session's data owner who will read it).</param>
    /// <param name="file">The bytes, 1 byte to 10 MiB, kept exactly.</param>
    /// <param name="contentType">image/png, image/jpeg, image/gif or application/pdf.</param>
    /// <param name="description">What bunq shows about the file.</param>
    /// <param name="conversationId">An existing conversation's id to add to; null for a new conversation.</param>
    /// <returns>The conversation's id and the file's id.</returns>
    /// <exception cref="ArgumentException">No such user, or the file, its type or the conversation id is one the emulator refuses.</exception>
    public (long ConversationId, long AttachmentId) SendChatFile(long userId, byte[] file, string contentType, string description = "file", long? conversationId = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(description);
        StoredAttachment sent;
        lock (_state.Gate)
        {
            if (!_state.Users.TryGetValue(userId, out User? user))
            {
                throw new ArgumentException("No such user in this emulator.", nameof(userId));
            }

            sent = ChatAttachmentRoutes.Send(_state, user, conversationId, file, contentType, description, out string? refusal)
                ?? throw new ArgumentException(refusal, nameof(file));
        }

        _persistence?.Save(_state);
        return (sent.ConversationId, sent.Id);
    }
}
