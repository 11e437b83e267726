using System.Text.RegularExpressions;

namespace TradeNode.Tui.Formatting;

/// <summary>
/// Finds the request field an INVALID_ARGUMENT sentence is about, so a form can show the sentence next to that field.
/// The node names the field either as "The field price must ..." or by leading with it ("price: ...").
/// </summary>
public static partial class FieldErrors
{
    /// <summary>The field's name (e.g. <c>price</c>, <c>filter.direction</c>), or null when the sentence names none.</summary>
    public static string? FieldOf(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        if (LeadingField().Match(sentence) is { Success: true } leading)
        {
            return leading.Groups["field"].Value;
        }

        return NamedField().Match(sentence) is { Success: true } named ? named.Groups["field"].Value : null;
    }

    [GeneratedRegex(@"^(?<field>[a-z_][a-z0-9_.]*): ")]
    private static partial Regex LeadingField();

    [GeneratedRegex(@"\b[Tt]he fields? (?<field>[a-z_][a-z0-9_.]*)")]
    private static partial Regex NamedField();
}
