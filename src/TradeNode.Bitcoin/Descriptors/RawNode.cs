using System.Text;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>raw(HEX): a literal output script (BIP385).</summary>
internal sealed class RawNode : DescriptorNode
{
    private readonly Script _script;

    public RawNode(Script script)
    {
        _script = script;
    }

    public override DescriptorType Type => DescriptorType.Raw;

    public override bool IsRange => false;

    public override bool HasPrivateKeys => false;

    public override IReadOnlyList<DescriptorOutput> Expand(uint index) => [new DescriptorOutput(_script, null, null, [])];

    public override void WriteTo(StringBuilder builder, bool includePrivate, Network network) =>
        builder.Append("raw(").Append(_script.ToHex()).Append(')');
}
