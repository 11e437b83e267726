using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Addresses;

/// <summary>The outputs and addresses of a single public key.</summary>
public static class PubKeyExtensions
{
    /// <summary>
    /// The scriptPubKey of <paramref name="type"/> for this key. Segwit types need a compressed key (an
    /// <see cref="ArgumentException"/> otherwise); TaprootBIP86 uses the key's X coordinate as the internal key.
    /// </summary>
    public static Script GetScriptPubKey(this PubKey pubKey, ScriptPubKeyType type)
    {
        ArgumentNullException.ThrowIfNull(pubKey);
        return type switch
        {
            ScriptPubKeyType.Legacy => PayToPubkeyHashTemplate.Instance.GenerateScriptPubKey(pubKey),
            ScriptPubKeyType.Segwit => PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(pubKey),
            ScriptPubKeyType.SegwitP2SH => PayToScriptHashTemplate.Instance.GenerateScriptPubKey(
                PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(pubKey)),
            ScriptPubKeyType.TaprootBIP86 => PayToTaprootTemplate.Instance.GenerateScriptPubKey(GetTaprootOutputKey(pubKey)),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown script pubkey type."),
        };
    }

    /// <summary>The address of <see cref="GetScriptPubKey"/> on <paramref name="network"/>.</summary>
    public static BitcoinAddress GetAddress(this PubKey pubKey, ScriptPubKeyType type, Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return pubKey.GetScriptPubKey(type).GetDestinationAddress(network)!;
    }

    /// <summary>BIP86: the output key for this key as internal key with no script tree.</summary>
    public static byte[] GetTaprootOutputKey(this PubKey pubKey)
    {
        ArgumentNullException.ThrowIfNull(pubKey);
        return TaprootTweak.ComputeOutputKey(TaprootTweak.GetXOnly(pubKey), []);
    }
}
