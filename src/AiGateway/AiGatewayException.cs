namespace ChiroClick.AiGateway;

/// <summary>
/// A model call that could not give an answer, with the HTTP status the API answers with
/// (503 Ollama unreachable or model not built, 504 timeout, 502 unusable answer) and a detail that
/// says what to do.
/// </summary>
public sealed class AiGatewayException(int status, string title, string detail, Exception? inner = null) : Exception(detail, inner)
{
    /// <summary>HTTP status for the problem details.</summary>
    public int Status { get; } = status;

    /// <summary>Problem details title.</summary>
    public string Title { get; } = title;

    /// <summary>Ollama cannot be reached (503).</summary>
    public static AiGatewayException Unreachable(string baseUrl, Exception? inner = null) => new(503, "AI unavailable",
        $"Ollama is not reachable at {baseUrl}. Start it with 'ollama serve' (or 'docker compose up ollama') and build " +
        "the models once with 'ai-training/build-models.sh'; set Ai__Ollama__BaseUrl if it runs elsewhere.", inner);

    /// <summary>Ollama answered 404 for the model (503).</summary>
    public static AiGatewayException ModelMissing(string model, Exception? inner = null) => new(503, "AI model missing",
        $"Ollama has no model '{model}'. Build the models with 'ai-training/build-models.sh' (ollama create ...), " +
        "or point Ai__Models__* at installed models.", inner);

    /// <summary>The model did not finish in time (504).</summary>
    public static AiGatewayException Timeout(string task, string model, TimeSpan limit) => new(504, "AI timeout",
        $"Model '{model}' did not answer task '{task}' within {limit.TotalSeconds:0.###} s. Try again, use a smaller " +
        $"model, or raise Ai:Tasks:{task}:TimeoutSeconds.");

    /// <summary>Ollama refused the call or answered something unusable (502).</summary>
    public static AiGatewayException BadAnswer(string detail, Exception? inner = null) => new(502, "AI answer unusable", detail, inner);
}
