using System;
using System.Text;

namespace Bunq.Catalogue;

/// <summary>Route templates reduced to what identifies a bunq operation.</summary>
internal static class CatalogueRoute
{
    /// <summary>
    /// The route without its query part and with each placeholder written <c>{}</c>, so
    /// <c>/user/{userId}/payment?count=10</c> and bunq's <c>/user/{userID}/payment</c> share one key: placeholders
    /// match by position, whatever their names.
    /// </summary>
    public static string Key(string route)
    {
        int query = route.IndexOf('?');
        string path = query < 0 ? route : route.Substring(0, query);
        if (path.IndexOf('{') < 0)
        {
            return path;
        }

        var key = new StringBuilder(path.Length);
        int i = 0;
        while (i < path.Length)
        {
            int close;
            if (path[i] == '{' && (close = path.IndexOf('}', i + 1)) > 0)
            {
                key.Append("{}");
                i = close + 1;
            }
            else
            {
                key.Append(path[i]);
                i++;
            }
        }

        return key.ToString();
    }

    /// <summary>The route without a leading <c>/v1</c> segment (any case): <c>/v1/session-server</c> → <c>/session-server</c>.</summary>
    public static string WithoutVersion(string route) =>
        route.Length >= 3 && string.Compare(route, 0, "/v1", 0, 3, StringComparison.OrdinalIgnoreCase) == 0
            && (route.Length == 3 || route[3] is '/' or '?')
            ? (route.Length == 3 || route[3] == '?' ? "/" + route.Substring(3) : route.Substring(3))
            : route;

    /// <summary>
    /// Writes <paramref name="template"/> (one of bunq's routes) with the caller's placeholder names put in by position
    /// where the caller has as many placeholders, so a suggested route keeps the method's parameter names.
    /// </summary>
    public static string WithPlaceholdersOf(string template, string callerRoute)
    {
        var names = Placeholders(callerRoute);
        var slots = Placeholders(template);
        if (names.Length != slots.Length || names.Length == 0)
        {
            return template;
        }

        var result = new StringBuilder(template.Length);
        int at = 0;
        for (int i = 0; i < slots.Length; i++)
        {
            int open = template.IndexOf('{', at);
            int close = template.IndexOf('}', open + 1);
            result.Append(template, at, open - at).Append('{').Append(names[i]).Append('}');
            at = close + 1;
        }

        return result.Append(template, at, template.Length - at).ToString();
    }

    private static string[] Placeholders(string route)
    {
        int query = route.IndexOf('?');
        string path = query < 0 ? route : route.Substring(0, query);
        var names = new System.Collections.Generic.List<string>();
        int open;
        int at = 0;
        while ((open = path.IndexOf('{', at)) >= 0)
        {
            int close = path.IndexOf('}', open + 1);
            if (close < 0)
            {
                break;
            }

            names.Add(path.Substring(open + 1, close - open - 1));
            at = close + 1;
        }

        return names.ToArray();
    }

    /// <summary>Edit distance (insertions, deletions, substitutions), two rows of memory.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
