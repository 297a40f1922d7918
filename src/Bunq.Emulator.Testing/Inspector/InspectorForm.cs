using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bunq.Emulator;

/// <summary>
/// A button row of the inspector page that changes the state (<see cref="DraftPaymentForm"/>, <see cref="CardPaymentForm"/>):
/// a form POST to <c>/_emulator{Path}</c> carrying the page's token, which only a page read from the emulator holds
/// (another site's form cannot read it), so no other page can act by posting to loopback. The form names the row's
/// object by <c>id</c>; after acting it goes back to the page (302, the browser reloads with GET), or answers what was
/// wrong with the form (400, plain text). Only numbers and the hex token are written into the form's markup; each form
/// encodes its own cells.
/// </summary>
internal abstract class InspectorForm
{
    private readonly string _token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Where the form posts to, under <see cref="InspectorMiddleware.Prefix"/>.</summary>
    public abstract string Path { get; }

    /// <summary>Appends the form's table (its objects, each with its form) to the page; called under the state's gate.</summary>
    public abstract void AppendTable(StringBuilder html, EmulatorState state);

    /// <summary>Acts on the posted form (or says what was wrong) and answers as described on the class.</summary>
    public async Task AnswerAsync(HttpContext context, EmulatorState state, EmulatorStateFile? persistence)
    {
        string? problem = "The form was not sent as a form.";
        if (context.Request.HasFormContentType)
        {
            IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
            problem = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(form["token"].ToString()), Encoding.ASCII.GetBytes(_token))
                ? Act(state, form)
                : "This form did not come from the emulator's inspector page; reload it.";
        }

        if (problem is null)
        {
            persistence?.Save(state);
            context.Response.Redirect(InspectorMiddleware.Prefix + "/", permanent: false, preserveMethod: false); // 302: the browser reloads with GET
            return;
        }

        context.Response.StatusCode = 400;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(problem, context.RequestAborted);
    }

    /// <summary>Acts on a form that carries the page's token; null when done, else what was wrong (shown to the user).</summary>
    protected abstract string? Act(EmulatorState state, IFormCollection form);

    /// <summary>Opens a row's form: where it posts, the page's token and the row's object id; the caller adds inputs and closes it.</summary>
    protected StringBuilder OpenForm(StringBuilder html, long id) =>
        html.Append("<form method=\"post\" action=\"").Append(InspectorMiddleware.Prefix).Append(Path).Append("\"><input type=\"hidden\" name=\"token\" value=\"")
            .Append(_token).Append("\"><input type=\"hidden\" name=\"id\" value=\"").Append(id.ToString(CultureInfo.InvariantCulture)).Append("\">");

    /// <summary>The posted row's object id: digits only.</summary>
    protected static bool TryId(IFormCollection form, out long id) =>
        long.TryParse(form["id"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
