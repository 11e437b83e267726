using System.Text;

namespace TradeNode.Bitcoin.Bip39;

/// <summary>
/// BIP39 hashes NFKD-normalized text. .NET normalizes through ICU; with InvariantGlobalization (this repository's
/// default) <see cref="string.Normalize(NormalizationForm)"/> returns non-ASCII text unchanged, which would silently
/// give a different seed than other wallets. ASCII is already NFKD, so only non-ASCII text needs the real thing.
/// </summary>
internal static class UnicodeNormalization
{
    private static readonly Lazy<bool> LazyIsAvailable = new(() => "\u00e9".Normalize(NormalizationForm.FormKD) == "e\u0301");

    /// <summary>True when this process can NFKD-normalize non-ASCII text (ICU is loaded: not invariant mode).</summary>
    public static bool IsAvailable => LazyIsAvailable.Value;

    /// <summary>NFKD form of <paramref name="text"/>; throws <see cref="NotSupportedException"/> when it cannot be computed.</summary>
    public static string ToNfkd(string text, string what)
    {
        if (Ascii.IsValid(text))
        {
            return text;
        }

        if (!IsAvailable)
        {
            throw new NotSupportedException(
                $"The {what} holds non-ASCII characters, which BIP39 requires to be NFKD-normalized, and this process "
                + "runs without Unicode normalization (InvariantGlobalization); use ASCII characters only.");
        }

        return text.Normalize(NormalizationForm.FormKD);
    }
}
