using System.Globalization;
using TradeNode.Api.V1;
using TradeNode.Core.Errors;

namespace TradeNode.Api.Services;

/// <summary>Offset paging for API lists that Core returns whole (wallet transactions): size 1 to 500, 0 means 50.</summary>
internal static class Paging
{
    private const int DefaultSize = 50;
    private const int MaxSize = 500;

    public static (int Offset, int Size) Read(PageRequest? page)
    {
        var size = page?.PageSize ?? 0;
        if (size is < 0 or > MaxSize)
        {
            throw new InvalidInputException("page.page_size", $"The field page.page_size must be between 1 and {MaxSize} (0 means {DefaultSize}).");
        }

        var offset = 0;
        var token = page?.PageToken;
        if (!string.IsNullOrEmpty(token) && !(token.StartsWith('o') && int.TryParse(token.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
        {
            throw new InvalidInputException("page.page_token", "The field page.page_token is not a token a previous page returned.");
        }

        return (offset, size == 0 ? DefaultSize : size);
    }

    public static string Next(int offset, int size, int total) =>
        offset + size < total ? string.Create(CultureInfo.InvariantCulture, $"o{offset + size}") : string.Empty;
}
