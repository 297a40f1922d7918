using System.Globalization;
using System.Text;

namespace Bunq.Emulator;

/// <summary>
/// The smallest real PDF (ISO 32000-1) that carries lines of text: a catalog, a page tree, the standard Helvetica font and
/// one uncompressed content stream per A4 page, with a cross-reference table whose offsets are the objects' byte
/// positions. Text is printable ASCII; anything else in untrusted text becomes '?', and the string delimiters are escaped.
/// </summary>
internal static class PdfText
{
    private const int LinesPerPage = 48;
    private const int Top = 800;
    private const int Leading = 15;

    public static byte[] Write(IReadOnlyList<string> lines)
    {
        var pages = new List<IReadOnlyList<string>>();
        for (int at = 0; at == 0 || at < lines.Count; at += LinesPerPage)
        {
            pages.Add(lines.Skip(at).Take(LinesPerPage).ToArray());
        }

        // Objects: 1 catalog, 2 page tree, 3 font, then a page and its content stream per page.
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [" + string.Join(" ", pages.Select((_, i) => Number(4 + (2 * i)) + " 0 R")) + "] /Count " + Number(pages.Count) + " >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        };
        for (int i = 0; i < pages.Count; i++)
        {
            objects.Add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents " + Number(5 + (2 * i)) + " 0 R >>");
            string stream = Content(pages[i]);
            objects.Add("<< /Length " + Number(stream.Length) + " >>\nstream\n" + stream + "\nendstream");
        }

        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Length); // ASCII only, so characters are bytes
            pdf.Append(Number(i + 1)).Append(" 0 obj\n").Append(objects[i]).Append("\nendobj\n");
        }

        int xref = pdf.Length;
        pdf.Append("xref\n0 ").Append(Number(objects.Count + 1)).Append("\n0000000000 65535 f\r\n");
        foreach (int offset in offsets)
        {
            pdf.Append(offset.ToString("0000000000", CultureInfo.InvariantCulture)).Append(" 00000 n\r\n");
        }

        pdf.Append("trailer\n<< /Size ").Append(Number(objects.Count + 1)).Append(" /Root 1 0 R >>\nstartxref\n").Append(Number(xref)).Append("\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    private static string Content(IReadOnlyList<string> lines)
    {
        var content = new StringBuilder("BT\n/F1 10 Tf\n");
        content.Append(Number(Leading)).Append(" TL\n40 ").Append(Number(Top)).Append(" Td\n");
        foreach (string line in lines)
        {
            content.Append('(').Append(Escape(line)).Append(") Tj T*\n");
        }

        return content.Append("ET").ToString();
    }

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '(' or ')' or '\\' => "\\" + c,
                >= ' ' and <= '~' => c.ToString(),
                _ => "?",
            });
        }

        return escaped.ToString();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
