namespace TradeNode.Core.Errors;

/// <summary>An id the caller gave names nothing this node knows: the API answers NOT_FOUND with <see cref="Exception.Message"/>.</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException()
        : base("Not found.")
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
