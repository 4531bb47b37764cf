namespace ChiroClick.Api.Common;

/// <summary>
/// Declares, for the OpenAPI document, that the endpoint answers 422 problem details when a business rule refuses
/// the command (e.g. moving a converted lead); see <c>DomainError.Rule</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BusinessRuleResponseAttribute() : ProducesResponseTypeAttribute(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json");
