using Grpc.Core;
using TradeNode.Api.Mapping;
using TradeNode.Api.V1;
using TradeNode.Core.Errors;
using TradeNode.Core.Node;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Transport;

namespace TradeNode.Api.Services;

/// <summary>Peers.List, Add and Remove over the P2P node's transport and peer manager.</summary>
public sealed class PeersGrpcService(NodeRuntime runtime) : Peers.PeersBase
{
    public override Task<ListPeersResponse> List(ListPeersRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = runtime.P2P.Transport.Links.Where(l => !l.IsClosed).ToList();
        var names = NodeNames.Read(runtime.P2P);
        var response = new ListPeersResponse();
        response.Peers.AddRange(links.Select(l => PeerMapping.ToPeerInfo(l, names)));
        if (request.IncludeKnown)
        {
            var connectedKeys = links.Select(l => l.PeerKey).ToHashSet(StringComparer.Ordinal);
            var connectedAddresses = links.SelectMany(l => l.ListenAddresses.Append(l.RemoteAddress)).ToHashSet(StringComparer.Ordinal);
            response.Peers.AddRange(runtime.P2P.Peers.KnownPeers
                .Where(p => !connectedAddresses.Contains(p.Id) && (p.PeerKey is null || !connectedKeys.Contains(p.PeerKey)))
                .OrderBy(p => p.Id, StringComparer.Ordinal)
                .Select(p => PeerMapping.ToPeerInfo(p, names)));
        }

        return Task.FromResult(response);
    }

    public override async Task<AddPeerResponse> Add(AddPeerRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var address = request.Address.Trim();
        if (address.Length == 0)
        {
            throw new InvalidInputException("address", "address is required: the peer's host:port, e.g. 127.0.0.1:18735.");
        }

        try
        {
            var link = await runtime.P2P.Peers.AddAsync(address, context.CancellationToken).ConfigureAwait(false);
            return new AddPeerResponse { Peer = PeerMapping.ToPeerInfo(link, NodeNames.Read(runtime.P2P)) };
        }
        catch (ArgumentException ex)
        {
            throw new InvalidInputException("address", $"address must be a peer's host:port other than this node's own: {ex.Message}");
        }
        catch (HandshakeException ex)
        {
            throw new PreconditionFailedException($"Could not connect to {address}: {ex.Message} The address is kept and dialled again later.");
        }
    }

    public override Task<RemovePeerResponse> Remove(RemovePeerRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var peer = request.Peer.Trim();
        if (peer.Length == 0)
        {
            throw new InvalidInputException("peer", "peer is required: a host:port or a node id (tn1...).");
        }

        bool removed;
        if (NodeId.TryParse(peer, out var nodeId))
        {
            var keys = runtime.P2P.Transport.Links.Where(l => PeerMapping.NodeIdOf(l.PeerKeyBytes) == nodeId.ToString()).Select(l => l.PeerKey)
                .Concat(runtime.P2P.Peers.KnownPeers.Where(p => p.PeerKey is not null && PeerMapping.NodeIdOf(Convert.FromHexString(p.PeerKey)) == nodeId.ToString()).Select(p => p.PeerKey!))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            removed = false;
            foreach (var key in keys)
            {
                removed |= runtime.P2P.Peers.Remove(null, key);
            }
        }
        else
        {
            removed = runtime.P2P.Peers.Remove(peer, null);
        }

        return removed
            ? Task.FromResult(new RemovePeerResponse())
            : throw new NotFoundException($"peer {peer} is neither connected nor known to this node.");
    }
}
