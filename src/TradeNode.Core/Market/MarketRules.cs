using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Core.Errors;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Market;

/// <summary>Checks shared by offers, listings and arbitrator profiles; each failure names its field.</summary>
internal static class MarketRules
{
    /// <summary>Most arbitrators an offer or listing may name.</summary>
    public const int MaxArbitrators = 10;

    /// <summary>Ids of offers and listings: 16 random bytes as lowercase hex.</summary>
    public static string NewId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public static bool IsId(string? id) => id is { Length: 32 } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public static IReadOnlyList<NodeId> Arbitrators(IReadOnlyList<string>? ids, string field)
    {
        if (ids is null || ids.Count == 0)
        {
            throw new InvalidInputException(field, $"The field {field} needs at least one arbitrator node id.");
        }

        if (ids.Count > MaxArbitrators)
        {
            throw new InvalidInputException(field, $"The field {field} names {ids.Count} arbitrators; at most {MaxArbitrators} are allowed.");
        }

        var result = new List<NodeId>(ids.Count);
        foreach (var text in ids)
        {
            if (!NodeId.TryParse(text, out var id, out var error))
            {
                throw new InvalidInputException(field, $"The field {field} holds '{Shorten(text)}', which is not a node id: {error}");
            }

            if (result.Contains(id))
            {
                throw new InvalidInputException(field, $"The field {field} names the arbitrator {id} twice.");
            }

            result.Add(id);
        }

        return result;
    }

    public static string Text(string? value, string field, int maxBytes, bool required)
    {
        value ??= string.Empty;
        if (required && string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidInputException(field, $"The field {field} is required.");
        }

        var bytes = System.Text.Encoding.UTF8.GetByteCount(value);
        if (bytes > maxBytes)
        {
            throw new InvalidInputException(field, $"The field {field} is {bytes} bytes long; at most {maxBytes} are allowed.");
        }

        return value;
    }

    public static ExtPubKey Xpub(string? text, Network network, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidInputException(field, $"The field {field} needs the escrow extended public key.");
        }

        if (!ExtPubKey.TryParse(text, network, out var key))
        {
            throw new InvalidInputException(field, $"The field {field} is not an extended public key of the {network.Name} network.");
        }

        return key;
    }

    public static string Currency(string? code, string field) =>
        Currencies.IsValidCode(code)
            ? code!
            : throw new InvalidInputException(field, $"The field {field} must be an ISO 4217 currency code of three upper-case letters, like EUR; '{Shorten(code)}' is not.");

    public static string Shorten(string? text) => text is null ? string.Empty : text.Length <= 64 ? text : text[..64] + "...";
}
