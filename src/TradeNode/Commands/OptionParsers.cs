using System.CommandLine.Parsing;
using System.Globalization;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Bip39;

namespace TradeNode.Commands;

/// <summary>Option value parsers whose errors are one sentence each.</summary>
internal static class OptionParsers
{
    public static WordCount ParseWordCount(ArgumentResult result)
    {
        var text = SingleToken(result);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var words) && Enum.IsDefined((WordCount)words))
        {
            return (WordCount)words;
        }

        result.AddError($"--words must be 12, 15, 18, 21 or 24, not '{text}'.");
        return default;
    }

    public static Network? ParseNetwork(ArgumentResult result)
    {
        var text = SingleToken(result);
        if (Network.TryGetNetwork(text, out var network))
        {
            return network;
        }

        result.AddError($"Unknown network '{text}': use mainnet, testnet, signet or regtest.");
        return null;
    }

    /// <summary>An integer from <paramref name="minimum"/> to <paramref name="maximum"/>, digits only.</summary>
    public static int ParseInt(ArgumentResult result, string optionName, int minimum, int maximum)
    {
        var text = SingleToken(result);
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= minimum && value <= maximum)
        {
            return value;
        }

        result.AddError($"{optionName} must be a whole number from {minimum} to {maximum}, not '{text}'.");
        return default;
    }

    /// <summary>A duration such as 500ms, 2s, 1m or 1h, from <paramref name="minimum"/> up to a day.</summary>
    public static TimeSpan ParseDuration(ArgumentResult result, string optionName, TimeSpan minimum)
    {
        var text = SingleToken(result);
        var (digits, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], TimeSpan.FromMilliseconds(1))
            : text.EndsWith('s') ? (text[..^1], TimeSpan.FromSeconds(1))
            : text.EndsWith('m') ? (text[..^1], TimeSpan.FromMinutes(1))
            : text.EndsWith('h') ? (text[..^1], TimeSpan.FromHours(1))
            : (string.Empty, TimeSpan.Zero);
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count <= 86_400_000 && unit * count >= minimum && unit * count <= TimeSpan.FromDays(1))
        {
            return unit * count;
        }

        result.AddError($"{optionName} is a duration such as 500ms, 2s, 1m or 1h (at least {minimum.TotalMilliseconds:0}ms, at most 1 day), not '{text}'.");
        return default;
    }

    private static string SingleToken(ArgumentResult result) => result.Tokens.Count == 0 ? string.Empty : result.Tokens[^1].Value;
}
