namespace TradeNode.Api.Contracts.Client;

/// <summary>
/// The API cannot be reached or used: no node runs with the data directory, its address or key file cannot be read,
/// or the node did not answer. The message is one sentence for a person, with what to do about it.
/// </summary>
public sealed class ApiConnectionException : Exception
{
    public ApiConnectionException()
        : base("Cannot connect to the node's API.")
    {
    }

    public ApiConnectionException(string message)
        : base(message)
    {
    }

    public ApiConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
