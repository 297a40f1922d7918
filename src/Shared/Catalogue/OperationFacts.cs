using System;
using System.Collections.Generic;

namespace Bunq.Catalogue;

/// <summary>The token a call carries in <c>X-Bunq-Client-Authentication</c>.</summary>
internal enum OperationToken
{
    /// <summary>No token: <c>POST /installation</c> and sandbox-user creation.</summary>
    None,

    /// <summary>The installation token: the calls that make a session, and the PSD2 registration.</summary>
    Installation,

    /// <summary>The session token: everything else.</summary>
    Session,
}

/// <summary>
/// The facts about one operation that bunq's OpenAPI description does not carry, as data/bunq-facts.txt gives them
/// (each with its source there): the token, whether bunq insists on a signature, the rate-limit class, raw bytes,
/// required headers, whether the context bootstrapper makes the call, and the name bunq wraps the answer in.
/// </summary>
internal sealed class OperationFacts
{
    /// <summary>What a route outside the catalogue is taken to be: a session call, signature optional, no class.</summary>
    public static readonly OperationFacts Unknown = new(OperationToken.Session, false, null, false, false, Array.Empty<string>(), false, null);

    public OperationFacts(OperationToken token, bool signatureRequired, string? rateClass, bool rawBody, bool rawAnswer,
        IReadOnlyList<string> requiredHeaders, bool isContext, string? answerObject)
    {
        Token = token;
        SignatureRequired = signatureRequired;
        RateClass = rateClass;
        RawBody = rawBody;
        RawAnswer = rawAnswer;
        RequiredHeaders = requiredHeaders;
        IsContext = isContext;
        AnswerObject = answerObject;
    }

    public OperationToken Token { get; }

    /// <summary>bunq refuses the call unsigned (466). Every call with a token is signed anyway; this says where bunq checks.</summary>
    public bool SignatureRequired { get; }

    /// <summary>The rate-limit class (<see cref="BunqCatalogue.RateLimit"/>), or null when bunq documents no limit.</summary>
    public string? RateClass { get; }

    /// <summary>The request body is raw bytes (an attachment upload), not JSON.</summary>
    public bool RawBody { get; }

    /// <summary>The answer is raw bytes (a file: every <c>…/content</c>), not bunq's JSON envelope.</summary>
    public bool RawAnswer { get; }

    /// <summary>Request headers bunq requires here (<c>X-Bunq-Attachment-Description</c> on uploads).</summary>
    public IReadOnlyList<string> RequiredHeaders { get; }

    /// <summary>One of the calls that make bunq's API context (installation, device-server, session-server).</summary>
    public bool IsContext { get; }

    /// <summary>The name bunq wraps the answer's object in where the description's type name implies another, else null.</summary>
    public string? AnswerObject { get; }

    /// <summary>The facts' cells of a catalogue line: token, signature, rate class, raw, headers, context, object.</summary>
    public override string ToString() =>
        TokenName(Token) + "\t" + (SignatureRequired ? "required" : "optional") + "\t" + (RateClass ?? "-")
        + "\t" + (RawBody ? "body" : RawAnswer ? "answer" : "-") + "\t" + (RequiredHeaders.Count == 0 ? "-" : string.Join(",", RequiredHeaders))
        + "\t" + (IsContext ? "context" : "-") + "\t" + (AnswerObject ?? "-");

    /// <summary>Reads the cells <see cref="ToString"/> writes, starting at <paramref name="at"/>; null when a cell is not one it writes.</summary>
    public static OperationFacts? Read(string[] cells, int at)
    {
        if (cells.Length < at + 7 || !TryToken(cells[at], out OperationToken token) || cells[at + 1] is not ("required" or "optional")
            || cells[at + 3] is not ("body" or "answer" or "-"))
        {
            return null;
        }

        return new OperationFacts(token, cells[at + 1] == "required", Optional(cells[at + 2]), cells[at + 3] == "body", cells[at + 3] == "answer",
            cells[at + 4] == "-" ? Array.Empty<string>() : cells[at + 4].Split(','), cells[at + 5] == "context", Optional(cells[at + 6]));
    }

    public static string TokenName(OperationToken token) => token switch
    {
        OperationToken.None => "none",
        OperationToken.Installation => "installation",
        _ => "session",
    };

    public static bool TryToken(string name, out OperationToken token)
    {
        switch (name)
        {
            case "none":
                token = OperationToken.None;
                return true;
            case "installation":
                token = OperationToken.Installation;
                return true;
            case "session":
                token = OperationToken.Session;
                return true;
            default:
                token = OperationToken.Session;
                return false;
        }
    }

    private static string? Optional(string value) => value == "-" ? null : value;
}
