namespace TradeNode.Core.Trades.Disputes;

/// <summary>
/// A payout PSBT handed out for signing elsewhere, with the key that is expected to sign it: the BIP32 path of this
/// node's escrow key for the trade (m/84'/coin'/1000'/index, from the wallet's seed), so the same mnemonic in an
/// offline tool (<c>tradenode psbt sign --mnemonic - --path ...</c>) or an external wallet can sign it.
/// </summary>
/// <param name="Base64">The PSBT, base64.</param>
/// <param name="KeyPath">The signing key's BIP32 path from the wallet's master key, e.g. m/84'/1'/1000'/123.</param>
/// <param name="PubKeyHex">The signing key's compressed public key, hex.</param>
/// <param name="MasterFingerprint">The wallet's master key fingerprint, hex (as in the PSBT's key origins).</param>
public sealed record PayoutPsbtForSigning(string Base64, string KeyPath, string PubKeyHex, string MasterFingerprint);
