namespace TradeNode.Chain.Rpc;

/// <summary>Bitcoin Core's JSON-RPC error codes (rpc/protocol.h) that the chain server and client use.</summary>
public static class RpcErrorCode
{
    public const int MiscError = -1;
    public const int TypeError = -3;
    public const int InvalidAddressOrKey = -5;
    public const int InvalidParameter = -8;
    public const int DeserializationError = -22;
    public const int VerifyError = -25;
    public const int VerifyRejected = -26;
    public const int VerifyAlreadyInChain = -27;
    public const int InWarmup = -28;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int ParseError = -32700;
}
