using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TradeNode.Api.V1;
using TradeNode.Core.Node;

namespace TradeNode.Api.Services;

/// <summary>Node.GetInfo and Node.Stop over the <see cref="NodeRuntime"/>.</summary>
public sealed partial class NodeGrpcService(NodeRuntime runtime, ApiServerOptions options, ApiShutdown shutdown, ILogger<NodeGrpcService> logger)
    : V1.Node.NodeBase
{
    public override async Task<GetInfoResponse> GetInfo(GetInfoRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var p2p = runtime.P2P;
        var response = new GetInfoResponse
        {
            Version = options.Version,
            NodeId = p2p.Identity.Id.ToString(),
            NodeKey = p2p.Identity.PublicKey.ToHex(),
            Network = NetworkNames.Of(runtime.Network),
            ChainBackend = runtime.ChainBackendName,
            PeerCount = p2p.Transport.Links.Count(l => !l.IsClosed),
            ItemCount = p2p.Store.Count,
            P2PAddress = p2p.ListenAddress,
            StartedAt = Timestamp.FromDateTimeOffset(runtime.StartedAt),
            Name = runtime.Options.Name,
        };
        try
        {
            var tip = await runtime.Chain.GetTipAsync(context.CancellationToken).ConfigureAwait(false);
            response.ChainHeight = tip.Height;
            response.ChainTipHash = tip.Hash.ToString();
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.CircuitBreaker.BrokenCircuitException or TradeNode.Chain.Rpc.JsonRpcException)
        {
            // The rest of the facts are still worth answering with while the chain backend is away.
            LogChainUnavailable(ex.GetType().Name);
        }

        NodeInfoFacts.Fill(response, runtime);
        return response;
    }

    public override Task<StopResponse> Stop(StopRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Stop after the reply went out, so the caller learns that the node is stopping rather than seeing a broken call.
        context.GetHttpContext().Response.OnCompleted(() =>
        {
            shutdown.RequestStop();
            return Task.CompletedTask;
        });
        return Task.FromResult(new StopResponse());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "GetInfo could not read the chain tip ({Error})")]
    private partial void LogChainUnavailable(string error);
}
