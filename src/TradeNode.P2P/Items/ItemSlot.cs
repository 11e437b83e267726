using System.Globalization;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Items;

/// <summary>(author, kind, key): the name of one replaceable item.</summary>
public readonly record struct ItemSlot(NodeKey Author, ItemKind Kind, string Key)
{
    /// <summary>The slot as one string, for the store's index.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Author.ToHex()}|{(int)Kind}|{Key}");
}
