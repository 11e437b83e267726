using System.Text.Json;
using System.Text.Json.Nodes;

namespace TradeNode.Chain.Rpc;

/// <summary>
/// Bitcoin Core's JSON-RPC envelope: single requests and batches, JSON-RPC 1.0 (legacy: result and error both present,
/// HTTP 500/404/400 on errors) and 2.0 (HTTP 200, result or error, notifications without a reply).
/// </summary>
public sealed class JsonRpcDispatcher
{
    private readonly Func<string, JsonNode?, JsonNode?> _invoke;

    public JsonRpcDispatcher(Func<string, JsonNode?, JsonNode?> invoke)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        _invoke = invoke;
    }

    /// <summary>Handles one HTTP body; returns the HTTP status and the reply (null for 2.0 notifications).</summary>
    public (int StatusCode, JsonNode? Body) Handle(ReadOnlySpan<byte> body)
    {
        JsonNode? request;
        try
        {
            request = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return (500, LegacyReply(null, null, new JsonRpcException(RpcErrorCode.ParseError, "Parse error")));
        }

        switch (request)
        {
            case JsonObject single:
                var (reply, status) = HandleOne(single);
                return (status, reply);
            case JsonArray batch:
                var replies = new JsonArray();
                foreach (var item in batch)
                {
                    var (itemReply, _) = item is JsonObject obj
                        ? HandleOne(obj)
                        : (LegacyReply(null, null, new JsonRpcException(RpcErrorCode.InvalidRequest, "Invalid Request object")), 400);
                    if (itemReply is not null)
                    {
                        replies.Add(itemReply);
                    }
                }

                return (200, replies);
            default:
                return (400, LegacyReply(null, null, new JsonRpcException(RpcErrorCode.InvalidRequest, "Top-level object parse error")));
        }
    }

    private (JsonNode? Reply, int Status) HandleOne(JsonObject request)
    {
        var isV2 = request["jsonrpc"] is JsonValue version && version.GetValueKind() == JsonValueKind.String && version.GetValue<string>() == "2.0";
        var hasId = request.ContainsKey("id");
        var id = request["id"]?.DeepClone();
        JsonNode? result = null;
        JsonRpcException? error = null;
        try
        {
            if (request["method"] is not JsonValue methodNode || methodNode.GetValueKind() != JsonValueKind.String)
            {
                throw new JsonRpcException(RpcErrorCode.InvalidRequest, "Method must be a string");
            }

            var parameters = request["params"];
            if (parameters is not null and not JsonArray and not JsonObject)
            {
                throw new JsonRpcException(RpcErrorCode.InvalidRequest, "Params must be an array or object");
            }

            result = _invoke(methodNode.GetValue<string>(), parameters)?.DeepClone();
        }
        catch (JsonRpcException ex)
        {
            error = ex;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Core answers any other failure of a handler as RPC_MISC_ERROR with its message; the server keeps running.
            error = new JsonRpcException(RpcErrorCode.MiscError, ex.Message);
        }

        if (isV2)
        {
            if (!hasId)
            {
                return (null, 204);
            }

            var reply = new JsonObject { ["jsonrpc"] = "2.0" };
            if (error is null)
            {
                reply["result"] = result;
            }
            else
            {
                reply["error"] = ErrorObject(error);
            }

            reply["id"] = id;
            return (reply, 200);
        }

        var status = error?.Code switch
        {
            null => 200,
            RpcErrorCode.InvalidRequest => 400,
            RpcErrorCode.MethodNotFound => 404,
            _ => 500,
        };
        return (LegacyReply(result, id, error), status);
    }

    private static JsonObject LegacyReply(JsonNode? result, JsonNode? id, JsonRpcException? error) => new()
    {
        ["result"] = error is null ? result : null,
        ["error"] = error is null ? null : ErrorObject(error),
        ["id"] = id,
    };

    private static JsonObject ErrorObject(JsonRpcException error) => new() { ["code"] = error.Code, ["message"] = error.Message };
}
