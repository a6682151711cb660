using System.Globalization;
using System.Text;

namespace Dispatch.Domain.Incidents;

/// <summary>
/// Who called the incident in (报警人): personal data. It is kept whole on the incident's events; the API shows it
/// whole only to the roles that call the person back or review the call, and <see cref="Masked"/> to the others.
/// </summary>
public sealed record CallerContact(string? Name, string? Phone)
{
    /// <summary>The surname's character kept, the rest starred (张三 → 张*); the last four digits of the number kept.</summary>
    public CallerContact Masked() => new(MaskName(Name), MaskPhone(Phone));

    private static string? MaskName(string? name)
    {
        if (string.IsNullOrEmpty(name)) return name;
        var elements = StringInfo.GetTextElementEnumerator(name);
        var first = elements.MoveNext() ? (string)elements.Current : "";
        var rest = 0;
        while (elements.MoveNext()) rest++;
        return first + new string('*', Math.Max(rest, 1));
    }

    private static string? MaskPhone(string? phone)
    {
        if (string.IsNullOrEmpty(phone)) return phone;
        var keep = 4;
        var masked = new StringBuilder(phone.Length);
        for (var i = phone.Length - 1; i >= 0; i--)
        {
            var c = phone[i];
            if (char.IsAsciiDigit(c) && keep-- <= 0) c = '*';
            masked.Insert(0, c);
        }
        return masked.ToString();
    }
}
