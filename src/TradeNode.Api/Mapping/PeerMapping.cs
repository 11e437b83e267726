using Google.Protobuf.WellKnownTypes;
using TradeNode.Api.V1;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Peers;
using TradeNode.P2P.Transport;

namespace TradeNode.Api.Mapping;

/// <summary>P2P links and known addresses as <see cref="PeerInfo"/>.</summary>
internal static class PeerMapping
{
    public static PeerInfo ToPeerInfo(GrpcPeerLink link, NodeNames names) => new()
    {
        NodeId = NodeIdOf(link.PeerKeyBytes),
        Name = names.Of(link.PeerKey),

        // An inbound link's remote end is an ephemeral port: the address the peer listens on is the useful one.
        Address = link.IsOutbound ? link.RemoteAddress : link.ListenAddresses.FirstOrDefault() ?? link.RemoteAddress,
        Connected = true,
        Outbound = link.IsOutbound,
        ConnectedSince = Timestamp.FromDateTimeOffset(link.OpenedAt),
    };

    public static PeerInfo ToPeerInfo(KnownPeer known, NodeNames names)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(names);
        var info = new PeerInfo { Address = known.Id, Connected = false };
        if (known.PeerKey is not null)
        {
            info.NodeId = NodeIdOf(Convert.FromHexString(known.PeerKey));
            info.Name = names.Of(known.PeerKey);
        }

        return info;
    }

    /// <summary>The "tn1..." id of a node key, or empty for bytes that are not one.</summary>
    public static string NodeIdOf(ReadOnlySpan<byte> key) => NodeKey.TryCreate(key, out var nodeKey) ? nodeKey.Id.ToString() : string.Empty;
}
