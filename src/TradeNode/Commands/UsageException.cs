namespace TradeNode.Commands;

/// <summary>Bad input from the user. Its message is one sentence that is safe to print: it never holds a secret.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
        : base("The input is not valid.")
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
