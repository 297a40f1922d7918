namespace Bunq.Emulator;

/// <summary>Attachments, notes linking them and the exports bunq makes from an account: every route that carries a file.</summary>
internal static class FileRoutes
{
    /// <summary>Maps them all; call before the catalogue's generic routes, which then leave these operations alone.</summary>
    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        AttachmentRoutes.Map(routes, state);
        NoteRoutes<NoteAttachment>.Map(routes, state, NoteAttachmentRoutes.Kind);
        NoteRoutes<NoteText>.Map(routes, state, NoteTextRoutes.Kind);
        ChatAttachmentRoutes.Map(routes, state);
        StatementRoutes.Map(routes, state);
        AnnualOverviewRoutes.Map(routes, state);
    }
}
