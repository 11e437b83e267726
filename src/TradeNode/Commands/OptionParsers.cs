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

    private static string SingleToken(ArgumentResult result) => result.Tokens.Count == 0 ? string.Empty : result.Tokens[^1].Value;
}
