namespace TradeNode.Core.Errors;

/// <summary>
/// The request is well formed but the node's state does not allow it now (wallet locked, not enough funds, offer
/// already cancelled): the API answers FAILED_PRECONDITION with <see cref="Exception.Message"/>.
/// </summary>
public sealed class PreconditionFailedException : Exception
{
    public PreconditionFailedException()
        : base("The node's state does not allow this now.")
    {
    }

    public PreconditionFailedException(string message)
        : base(message)
    {
    }

    public PreconditionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
