namespace TradeNode.P2P.Transport;

/// <summary>The peer handshake failed; the message is the reason sent in Goodbye.</summary>
public sealed class HandshakeException : Exception
{
    public HandshakeException()
    {
    }

    public HandshakeException(string message)
        : base(message)
    {
    }

    public HandshakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
