using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Bip32;

namespace TradeNode.Commands;

/// <summary>One row of <c>tradenode address derive</c>.</summary>
internal sealed record DerivedAddress(KeyPath Path, int Index, PubKey PubKey, Network Network)
{
    public IEnumerable<string> Columns() => [Path.ToStringWithRoot(), PubKey.ToHex()];
}
