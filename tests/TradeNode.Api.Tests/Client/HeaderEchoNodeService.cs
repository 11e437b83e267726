using Grpc.Core;
using NodeService = TradeNode.Api.V1.Node;

namespace TradeNode.Api.Tests.Client;

/// <summary>A Node service that answers GetInfo with the authorization header it received, to see what a client sends.</summary>
public sealed class HeaderEchoNodeService : NodeService.NodeBase
{
    public override Task<V1.GetInfoResponse> GetInfo(V1.GetInfoRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(new V1.GetInfoResponse { Name = context.RequestHeaders.GetValue("authorization") ?? "(none)" });
    }
}
