namespace ChiroClick.AiGateway.Ollama;

/// <summary>
/// Where the local Ollama server is. Configuration section <c>Ai:Ollama</c>
/// (environment: <c>Ai__Ollama__BaseUrl</c>).
/// </summary>
public sealed class OllamaOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Ai:Ollama";

    /// <summary>Base URL of the Ollama HTTP API; default http://localhost:11434/. A URL with a path must end in "/".</summary>
    public string BaseUrl { get; set; } = "http://localhost:11434/";

    /// <summary>How long a health probe waits for Ollama, in seconds (default 2).</summary>
    public double HealthTimeoutSeconds { get; set; } = 2;
}
