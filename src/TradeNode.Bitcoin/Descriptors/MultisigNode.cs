using System.Globalization;
using System.Text;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>multi(k,KEY,...) and sortedmulti(k,KEY,...).</summary>
internal sealed class MultisigNode : DescriptorNode
{
    private readonly int _threshold;
    private readonly IReadOnlyList<KeyExpression> _keys;

    public MultisigNode(DescriptorType type, int threshold, IReadOnlyList<KeyExpression> keys)
    {
        Type = type;
        _threshold = threshold;
        _keys = keys;
    }

    public override DescriptorType Type { get; }

    public override bool IsRange => _keys.Any(k => k.IsRange);

    public override bool HasPrivateKeys => _keys.Any(k => k.HasPrivateKey);

    public override IReadOnlyList<DescriptorOutput> Expand(uint index)
    {
        var keys = _keys.Select(k => k.Derive(index)).ToArray();
        var script = DescriptorScripts.MultiSig(_threshold, Type == DescriptorType.SortedMulti, keys.Select(k => k.PubKey).ToArray());
        return [new DescriptorOutput(script, null, null, keys)];
    }

    public override void WriteTo(StringBuilder builder, bool includePrivate, Network network)
    {
        builder.Append(NameOf(Type)).Append('(').Append(_threshold.ToString(CultureInfo.InvariantCulture));
        foreach (var key in _keys)
        {
            builder.Append(',');
            key.WriteTo(builder, includePrivate, network);
        }

        builder.Append(')');
    }
}
