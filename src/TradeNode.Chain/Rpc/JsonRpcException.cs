namespace TradeNode.Chain.Rpc;

/// <summary>A JSON-RPC error: Bitcoin Core's code (see <see cref="RpcErrorCode"/>) and message.</summary>
public sealed class JsonRpcException : Exception
{
    public JsonRpcException(int code, string message)
        : base(message)
    {
        Code = code;
    }

    public JsonRpcException()
        : this(RpcErrorCode.MiscError, "JSON-RPC error")
    {
    }

    public JsonRpcException(string message)
        : this(RpcErrorCode.MiscError, message)
    {
    }

    public JsonRpcException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = RpcErrorCode.MiscError;
    }

    public int Code { get; }
}
