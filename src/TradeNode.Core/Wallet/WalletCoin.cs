using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Bip32;

namespace TradeNode.Core.Wallet;

/// <summary>An unspent output of the wallet: where it is, its value, the address and the key path that can spend it.</summary>
public sealed record WalletCoin(OutPoint Outpoint, long AmountSats, Script ScriptPubKey, KeyPath KeyPath, int? BlockHeight, bool IsCoinBase)
{
    /// <summary>The coin in the form the PSBT and signing code take.</summary>
    public Coin ToCoin() => new(Outpoint, new TxOut(Money.Satoshis(AmountSats), ScriptPubKey));
}
