using Google.Protobuf;
using TradeNode.P2P;
using TradeNode.P2P.Protocol;

namespace TradeNode.Api.Mapping;

/// <summary>
/// Display names from the node profiles in the item store, by node key (hex): what maker_name, vendor_name and a
/// peer's name show. Read once per call; a node without a profile (or with an empty name) has no entry.
/// </summary>
internal sealed class NodeNames
{
    private readonly Dictionary<string, string> _names;

    private NodeNames(Dictionary<string, string> names) => _names = names;

    public static NodeNames Read(P2PNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in node.Store.GetByKind(ItemKind.NodeProfile))
        {
            try
            {
                var content = ItemContent.Parser.ParseFrom(item.Content);
                var name = NodeProfileBody.Parser.ParseFrom(content.Body).Name;
                if (name.Length > 0)
                {
                    names[Convert.ToHexStringLower(content.Author.Span)] = name;
                }
            }
            catch (InvalidProtocolBufferException)
            {
                // A profile the store accepted but this reader cannot decode has no name to show.
            }
        }

        return new NodeNames(names);
    }

    /// <summary>The name of the node with key <paramref name="keyHex"/>, or empty.</summary>
    public string Of(string keyHex) => _names.GetValueOrDefault(keyHex, string.Empty);
}
