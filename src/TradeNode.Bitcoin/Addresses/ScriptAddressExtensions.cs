using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Addresses;

/// <summary>Addresses of scripts: the P2SH or P2WSH address of a redeem/witness script, and the address a scriptPubKey pays to.</summary>
public static class ScriptAddressExtensions
{
    /// <summary>The P2SH address that pays to <paramref name="redeemScript"/>.</summary>
    public static BitcoinScriptAddress GetScriptAddress(this Script redeemScript, Network network)
    {
        ArgumentNullException.ThrowIfNull(redeemScript);
        return new BitcoinScriptAddress(redeemScript.Hash160, network);
    }

    /// <summary>The P2WSH address that pays to <paramref name="witnessScript"/>.</summary>
    public static BitcoinWitScriptAddress GetWitScriptAddress(this Script witnessScript, Network network)
    {
        ArgumentNullException.ThrowIfNull(witnessScript);
        return new BitcoinWitScriptAddress(witnessScript.WitnessHash, network);
    }

    /// <summary>The P2SH-P2WSH address: P2SH of the P2WSH output of <paramref name="witnessScript"/>.</summary>
    public static BitcoinScriptAddress GetWitScriptAddressOverP2SH(this Script witnessScript, Network network) =>
        PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(witnessScript).GetScriptAddress(network);

    /// <summary>
    /// The address a scriptPubKey pays to (P2PKH, P2SH or any valid witness program), or null for scripts that have no
    /// address (bare multisig, P2PK, OP_RETURN, version 0 programs that are not 20 or 32 bytes...).
    /// </summary>
    public static BitcoinAddress? GetDestinationAddress(this Script scriptPubKey, Network network)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        ArgumentNullException.ThrowIfNull(network);
        if (PayToPubkeyHashTemplate.Instance.ExtractScriptPubKeyParameters(scriptPubKey) is { } keyHash)
        {
            return new BitcoinPubKeyAddress(keyHash, network);
        }

        if (PayToScriptHashTemplate.Instance.ExtractScriptPubKeyParameters(scriptPubKey) is { } scriptHash)
        {
            return new BitcoinScriptAddress(scriptHash, network);
        }

        if (scriptPubKey.IsWitnessProgram(out var version, out var program)
            && DataEncoders.Bech32Encoder.CheckWitnessProgram(version, program.Length) is null)
        {
            return BitcoinAddress.FromWitnessProgram(version, program, network);
        }

        return null;
    }
}
