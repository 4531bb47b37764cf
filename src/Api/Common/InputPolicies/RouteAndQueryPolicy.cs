namespace ChiroClick.Api.Common.InputPolicies;

/// <summary>
/// One policy for every route and query value, applied before any endpoint runs:
/// <list type="bullet">
/// <item>a route value that is the all-zero UUID (<c>00000000-0000-0000-0000-000000000000</c>) names no record
/// (Marten refuses it as a stream id) → 404 problem details;</item>
/// <item>a route or query value (or query parameter name) holding a control character (U+0000–U+001F, U+007F,
/// e.g. <c>%00</c>) → 400 problem details naming the parameter. PostgreSQL's text and jsonb refuse NUL, and no
/// identifier, filter or search term of this API contains a control character.</item>
/// </list>
/// The offending value is never echoed back: query values may be personal data (a phone number searched for).
/// </summary>
public sealed class RouteAndQueryPolicy(RequestDelegate next)
{
    /// <summary>Runs the checks, then the rest of the pipeline.</summary>
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is not string s) continue;
            if (TextRules.HasControlCharacter(s))
            {
                await WriteAsync(context, problems, 400, "Invalid request", $"Path parameter '{TextRules.Printable(name)}' contains a control character.", name);
                return;
            }
            if (Guid.TryParse(s, out var id) && id == Guid.Empty)
            {
                await WriteAsync(context, problems, 404, "Not found", $"Path parameter '{TextRules.Printable(name)}' is the empty UUID, which names no record.", null);
                return;
            }
        }

        foreach (var (name, values) in context.Request.Query)
        {
            if (TextRules.HasControlCharacter(name) || values.Any(v => v is not null && TextRules.HasControlCharacter(v)))
            {
                await WriteAsync(context, problems, 400, "Invalid request", $"Query parameter '{TextRules.Printable(name)}' contains a control character.", name);
                return;
            }
        }

        await next(context);
    }

    private static async Task WriteAsync(HttpContext context, IProblemDetailsService problems, int status, string title, string detail, string? field)
    {
        context.Response.StatusCode = status;
        var problem = field is null
            ? new ProblemDetails()
            : new ValidationProblemDetails(new Dictionary<string, string[]> { [TextRules.Printable(field)] = ["contains a control character"] });
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        problem.Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}";
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
