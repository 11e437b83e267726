using System.Globalization;
using TradeNode.Core.Errors;

namespace TradeNode.Core.Market;

/// <summary>The opaque page token of a market query: the offset of the page's first item, prefixed so it is not mistaken for a number.</summary>
internal static class PageToken
{
    public const int DefaultPageSize = 100;

    public const int MaxPageSize = 500;

    public static int Offset(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        return token.StartsWith("o", StringComparison.Ordinal) && int.TryParse(token.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw new InvalidInputException("page_token", "The field page_token is not a token a previous page returned.");
    }

    public static int Size(int pageSize) =>
        pageSize switch
        {
            0 => DefaultPageSize,
            < 0 or > MaxPageSize => throw new InvalidInputException("page_size", $"The field page_size must be between 1 and {MaxPageSize} (0 means {DefaultPageSize})."),
            _ => pageSize,
        };

    public static string? Next(int offset, int size, int total) =>
        offset + size < total ? string.Create(CultureInfo.InvariantCulture, $"o{offset + size}") : null;
}
