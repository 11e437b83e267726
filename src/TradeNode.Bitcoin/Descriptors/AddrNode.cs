using System.Text;
using TradeNode.Bitcoin.Addresses;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>addr(ADDRESS): the output script of an address (BIP385).</summary>
internal sealed class AddrNode : DescriptorNode
{
    private readonly BitcoinAddress _address;

    public AddrNode(BitcoinAddress address)
    {
        _address = address;
    }

    public override DescriptorType Type => DescriptorType.Addr;

    public override bool IsRange => false;

    public override bool HasPrivateKeys => false;

    public override IReadOnlyList<DescriptorOutput> Expand(uint index) => [new DescriptorOutput(_address.ScriptPubKey, null, null, [])];

    public override void WriteTo(StringBuilder builder, bool includePrivate, Network network) =>
        builder.Append("addr(").Append(_address.ToString()).Append(')');
}
