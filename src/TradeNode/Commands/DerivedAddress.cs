using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Bip32;

namespace TradeNode.Commands;

/// <summary>One row of <c>tradenode address derive</c>: a BIP84 path, its public key and P2WPKH address.</summary>
internal sealed record DerivedAddress(KeyPath Path, int Index, PubKey PubKey, BitcoinAddress Address)
{
    public IEnumerable<string> Columns() => [Path.ToStringWithRoot(), PubKey.ToHex(), Address.ToString()];
}
