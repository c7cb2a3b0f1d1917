package dev.tributary.testkit.replay;

import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place where published API descriptions are corrected before they are loaded.
 *
 * <p>Each repair works around a defect in the vendor's file that stops swagger-parser or
 * swagger-request-validator from using it, names that defect, and touches only the places that
 * have it. A repair whose defect is gone (the file was refreshed) fails loudly, so that stale
 * repairs are removed rather than silently loosening validation. Nothing here applies to
 * fixtures: a fixture is always validated as strictly as the repaired description allows.
 *
 * <p>Base paths need no repair: {@link VendorSpec#basePath()} is read from the description's
 * server URL (Pipedrive's {@code /v1} and {@code /api/v2}) and fixtures carry it in their path.
 */
final class SpecRepairs {

  /**
   * One correction: {@code fix} changes the description's tree before it is parsed; {@code
   * ignoredKey}, when not null, is a validator message key that is not an error for this vendor.
   */
  private record Repair(String vendor, String defect, Consumer<ObjectNode> fix, @Nullable String ignoredKey) {

    Repair(String vendor, String defect, Consumer<ObjectNode> fix) {
      this(vendor, defect, fix, null);
    }

    static Repair ignoring(String vendor, String defect, String key) {
      return new Repair(vendor, defect, spec -> {}, key);
    }
  }

  private static final String ALL_OF_DEFECT =
      "response schemas composed with allOf break the validator's additionalProperties check";

  private static final String PIPEDRIVE_ERRORS_DEFECT =
      "401, 404 and 429, which every endpoint answers, documented on a few operations only";

  private static final List<Repair> REPAIRS =
      List.of(
          // Jira documents most error statuses without a body ("404: Returned if the issue is not
          // found"), yet answers them with an ErrorCollection ({"errorMessages": [...], "errors":
          // {}}), the schema its description already gives 325 other error responses. Without a
          // schema every real error body is "unexpected"; with it, error bodies are validated.
          new Repair(
              "jira",
              "error responses (400, 401, 403, 404, 409, 422) documented without their ErrorCollection body",
              spec -> {
                if (documentErrorBodies(spec, Set.of("400", "401", "403", "404", "409", "422"), "#/components/schemas/ErrorCollection") == 0) {
                  throw outdated("jira", "error responses without a body");
                }
              }),
          // Jira rate-limits every REST call of a site and answers 429 with Retry-After ("Rate
          // limiting", developer.atlassian.com/cloud/jira/platform/rate-limiting/), but documents
          // the 429 on only 9 of its operations (user searches). Without it, a recorded 429 of any
          // other call cannot be replayed. The added 429 has no body, as Jira's own documented ones.
          new Repair(
              "jira",
              "429 Too Many Requests documented on 9 operations though every call is rate-limited",
              spec -> {
                var limited = JsonNodeFactory.instance.objectNode()
                    .put("description", "Returned if the request is rate limited; Retry-After says when to try again.");
                if (documentStatus(spec, "429", limited) == 0) {
                  throw outdated("jira", "operations without a 429 response");
                }
              }),
          // GitHub puts a discriminator on four oneOf responses (/user, /user/{account_id},
          // /users/{username}, /repos/{owner}/{repo}/contents/{path}) whose property is not
          // required in every alternative. The validator's discriminator check refuses that
          // ("must be marked as a required property") and every such response fails with "Invalid
          // JSON Schema, cannot continue". The oneOf alone still demands exactly one match.
          new Repair(
              "github",
              "discriminator on oneOf responses names a property that is not required",
              spec -> {
                if (removeDiscriminators(spec) == 0) {
                  throw outdated("github", "discriminator objects");
                }
              }),
          // Slack's description is Swagger 2.0 written with JSON Schema draft-4 unions that Swagger
          // 2.0 lacks: tuples ("items": [A, B] for "A or B") and type lists ("type": ["null",
          // "string"]). swagger-parser refuses six of the tuples ("items is not of type object" at
          // /pins.list, /reactions.get, /users.identity and three definitions) and silently turns
          // the others into "object" or drops the property, so valid bodies fail. See Draft4Unions.
          new Repair(
              "slack",
              "draft-4 unions (tuple 'items', type lists) that Swagger 2.0 cannot express",
              spec -> {
                if (Draft4Unions.rewrite(spec) == 0) {
                  throw outdated("slack", "tuple items and type lists");
                }
              }),
          // Slack marks a "token" header (or query) parameter required on some methods (chat.postMessage,
          // chat.update, users.info, …), but its documentation and every client send the token as
          // "Authorization: Bearer", which the description's slackAuth security scheme already covers.
          new Repair(
              "slack",
              "token parameter marked required though the token goes in the Authorization header",
              spec -> {
                int relaxed = 0;
                for (JsonNode path : spec.path("paths").values()) {
                  for (JsonNode operation : path.values()) {
                    for (JsonNode parameter : operation.path("parameters")) {
                      if (parameter instanceof ObjectNode token && token.path("name").asString("").equals("token")
                          && token.path("required").asBoolean(false)) {
                        token.put("required", false);
                        relaxed++;
                      }
                    }
                  }
                }
                if (relaxed == 0) {
                  throw outdated("slack", "required token parameters");
                }
              }),
          // Slack types chat.delete's "ts" as a number, while every other method, and Slack itself, treat
          // message timestamps as strings ("1503435956.000247", defs_ts): as a number the trailing zeros
          // that identify the message are lost.
          new Repair(
              "slack",
              "chat.delete's ts typed as a number, not as the string every message timestamp is",
              spec -> {
                int retyped = 0;
                for (JsonNode parameter : at(spec, "/paths/~1chat.delete/post", "slack").path("parameters")) {
                  if (parameter instanceof ObjectNode ts && ts.path("name").asString("").equals("ts")
                      && ts.path("type").asString("").equals("number")) {
                    ts.put("type", "string");
                    retyped++;
                  }
                }
                if (retyped == 0) {
                  throw outdated("slack", "chat.delete ts as a number");
                }
              }),
          // Slack answers any method over its rate limit with HTTP 429, Retry-After and {"ok": false,
          // "error": "ratelimited"} (its rate-limit documentation), but no method's error enum lists
          // "ratelimited", so that answer could not be recorded.
          new Repair(
              "slack",
              "the error code ratelimited, which every method answers with HTTP 429, missing from the error enums",
              spec -> {
                int added = 0;
                for (JsonNode path : spec.path("paths").values()) {
                  for (JsonNode operation : path.values()) {
                    if (operation.path("responses").path("default").path("schema").path("properties").path("error")
                        .path("enum") instanceof ArrayNode codes && !codes.toString().contains("\"ratelimited\"")) {
                      codes.add("ratelimited");
                      added++;
                    }
                  }
                }
                if (added == 0) {
                  throw outdated("slack", "error enums without ratelimited");
                }
              }),
          // Trello: "components.schemas.Notification.items is missing": the array property
          // "reactions" has no element schema. Its elements are undocumented, so allow any.
          new Repair(
              "trello",
              "Notification.reactions is an array without 'items'",
              spec -> {
                var reactions = at(spec, "/components/schemas/Notification/properties/reactions", "trello");
                requireAbsent(reactions, "items", "trello", "Notification.reactions without items");
                reactions.set("items", JsonNodeFactory.instance.objectNode());
              }),
          // Trello: PUT /cards/{idCard}/customFields uses {idCard} without declaring it.
          new Repair(
              "trello",
              "undeclared path parameter idCard on PUT /cards/{idCard}/customFields",
              spec -> {
                var put = at(spec, "/paths/~1cards~1{idCard}~1customFields/put", "trello");
                requireAbsent(put, "parameters", "trello", "undeclared idCard on PUT /cards/{idCard}/customFields");
                var idCard = put.putArray("parameters").addObject();
                idCard.put("name", "idCard").put("in", "path").put("required", true);
                idCard.putObject("schema").put("type", "string");
              }),
          // Trello: three PUT operations share the operationId
          // put-members-id-notificationChannelSettings-channel-blockedKeys; it fits the one on
          // .../{channel}/{blockedKeys}, so the two on shorter paths get ids that match theirs.
          new Repair(
              "trello",
              "operationId put-members-id-notificationChannelSettings-channel-blockedKeys used three times",
              spec -> {
                renameOperation(spec, "/members/{id}/notificationsChannelSettings", "put-members-id-notificationChannelSettings");
                renameOperation(spec, "/members/{id}/notificationsChannelSettings/{channel}", "put-members-id-notificationChannelSettings-channel");
              }),
          // Trello answers every call it refuses with 401 and a plain-text body ("invalid token",
          // "unauthorized permission requested"), an unknown id with 404 and plain text ("model not
          // found", "The requested resource was not found."), and a call over its rate limits with 429
          // and {"error": "API_TOKEN_LIMIT_EXCEEDED", "message": "Rate limit exceeded"} (its "Rate
          // Limits" guide). The description documents 401 and 404 on 11 of its 255 operations, as JSON,
          // and 429 on none. The repair adds the plain-text 401 and 404 and the JSON 429 to every
          // operation, so recorded error answers are validated instead of being impossible to record.
          new Repair(
              "trello",
              "401 and 404 (plain text) and 429 (JSON) that every call answers, documented on 11 operations or none",
              SpecRepairs::documentTrelloErrors),
          // Trello gives most parameter schemas as a $ref (TrelloID, ViewFilter, BoardFields, …) or a
          // oneOf of such a string and any string (GET /members/{id}). Read unresolved, as this
          // validator reads descriptions, such a parameter is taken for JSON, and "me", "all" or an
          // id fail to parse. Trello's "fields" parameters take a comma-separated list of field
          // names ("name,desc,url", its "Fields" guide), but are typed as one name of an enum. The
          // repair inlines the referenced string schemas, takes a oneOf that admits any string as
          // a string, and drops the enum of "fields" parameters.
          new Repair(
              "trello",
              "parameter schemas given as $ref or oneOf, and comma-separated fields lists typed as one enum value",
              SpecRepairs::inlineTrelloParameters),
          // Trello's /members/{id}/… routes take the member's id, username or "me" (the member who
          // authorised the token; its reference: "The ID or username of the member"), but their id is
          // typed as a 24-digit TrelloID, which "me" fails.
          new Repair(
              "trello",
              "member routes' id typed as a TrelloID though Trello takes a username or \"me\"",
              spec -> {
                int relaxed = 0;
                for (var path : spec.path("paths").properties()) {
                  if (!path.getKey().startsWith("/members/{id}")) {
                    continue;
                  }
                  List<JsonNode> lists = new ArrayList<>();
                  lists.add(path.getValue().path("parameters"));
                  path.getValue().values().forEach(operation -> lists.add(operation.path("parameters")));
                  for (JsonNode parameters : lists) {
                    for (JsonNode parameter : parameters) {
                      if (parameter instanceof ObjectNode id && id.path("name").asString("").equals("id")
                          && id.path("in").asString("").equals("path") && id.path("schema").has("pattern")) {
                        id.putObject("schema").put("type", "string");
                        relaxed++;
                      }
                    }
                  }
                }
                if (relaxed == 0) {
                  throw outdated("trello", "member ids typed as TrelloID");
                }
              }),
          // Trello's cards have dueComplete and start (start dates, added to Trello in 2021) and, when
          // asked with customFieldItems=true, their custom field values; the Card schema declares none
          // of them (dueComplete only under badges). A custom field value holds text, number, date or
          // checked (its "Custom Fields" guide: {"value": {"number": "42"}}), or idValue for a list
          // field, while CustomFieldItems declares only checked. And a board's custom field has a name,
          // pos, options and isSuggestedField at the top, which CustomField lacks (it has display only).
          new Repair(
              "trello",
              "Card without dueComplete, start and customFieldItems; CustomFieldItems and CustomField without the values Trello answers",
              spec -> {
                var card = at(spec, "/components/schemas/Card/properties", "trello");
                requireAbsent(card, "start", "trello", "Card without start");
                card.putObject("dueComplete").put("type", "boolean");
                card.putObject("start").put("type", "string").put("format", "date-time").put("nullable", true);
                card.putObject("customFieldItems").put("type", "array").putObject("items")
                    .put("$ref", "#/components/schemas/CustomFieldItems");
                var item = at(spec, "/components/schemas/CustomFieldItems/properties", "trello");
                requireAbsent(item, "idValue", "trello", "CustomFieldItems without idValue");
                item.putObject("idValue").put("$ref", "#/components/schemas/TrelloID");
                var value = at(spec, "/components/schemas/CustomFieldItems/properties/value", "trello");
                value.put("nullable", true);
                for (String kind : List.of("text", "number", "date")) {
                  ((ObjectNode) value.get("properties")).putObject(kind).put("type", "string");
                }
                var field = at(spec, "/components/schemas/CustomField/properties", "trello");
                requireAbsent(field, "name", "trello", "CustomField without name");
                field.putObject("name").put("type", "string");
                field.putObject("pos").put("type", "number");
                field.putObject("isSuggestedField").put("type", "boolean");
                field.set("options", field.path("display").path("properties").path("options").deepCopy());
              }),
          // GET /lists/{id} answers the list and DELETE /cards/{id} answers {"limits": {}}, but both are
          // documented as a 200 without a body.
          new Repair(
              "trello",
              "GET /lists/{id} and DELETE /cards/{id} documented without the body they answer",
              spec -> {
                var list = at(spec, "/paths/~1lists~1{id}/get/responses/200", "trello");
                requireAbsent(list, "content", "trello", "GET /lists/{id} without a body");
                list.putObject("content").putObject("application/json").putObject("schema")
                    .put("$ref", "#/components/schemas/TrelloList");
                var deleted = at(spec, "/paths/~1cards~1{id}/delete/responses/200", "trello");
                requireAbsent(deleted, "content", "trello", "DELETE /cards/{id} without a body");
                deleted.putObject("content").putObject("application/json").putObject("schema").put("type", "object")
                    .putObject("properties").putObject("limits").put("type", "object");
              }),
          // Trello pages a board's cards with limit, before and since, and takes fields and
          // customFieldItems like GET /cards/{id} ("Paging" in its REST guide); its description gives
          // GET /boards/{id}/cards no query parameter and no answer body. The repair declares those
          // parameters and the answer as an array of Card, the schema GET /lists/{id}/cards answers.
          new Repair(
              "trello",
              "GET /boards/{id}/cards declares no query parameters and no answer body",
              spec -> {
                var get = at(spec, "/paths/~1boards~1{id}~1cards/get", "trello");
                requireAbsent((ObjectNode) get.path("responses").path("200"), "content", "trello",
                    "GET /boards/{id}/cards without an answer body");
                var parameters = get.has("parameters") ? (ArrayNode) get.get("parameters") : get.putArray("parameters");
                queryParameter(parameters, "fields", JsonNodeFactory.instance.objectNode().put("type", "string"));
                queryParameter(parameters, "customFieldItems", JsonNodeFactory.instance.objectNode().put("type", "boolean"));
                queryParameter(parameters, "filter", JsonNodeFactory.instance.objectNode().put("type", "string"));
                queryParameter(parameters, "limit", JsonNodeFactory.instance.objectNode().put("type", "integer")
                    .put("minimum", 1).put("maximum", 1000));
                queryParameter(parameters, "before", JsonNodeFactory.instance.objectNode().put("type", "string"));
                queryParameter(parameters, "since", JsonNodeFactory.instance.objectNode().put("type", "string"));
                arrayAnswer(get, "#/components/schemas/Card");
              }),
          // GET /boards/{id}/members answers the board's members (its reference page shows an array
          // of members and a fields parameter) but the description gives it neither.
          new Repair(
              "trello",
              "GET /boards/{id}/members declares no fields parameter and no answer body",
              spec -> {
                var get = at(spec, "/paths/~1boards~1{id}~1members/get", "trello");
                requireAbsent((ObjectNode) get.path("responses").path("200"), "content", "trello",
                    "GET /boards/{id}/members without an answer body");
                var parameters = get.has("parameters") ? (ArrayNode) get.get("parameters") : get.putArray("parameters");
                queryParameter(parameters, "fields", JsonNodeFactory.instance.objectNode().put("type", "string"));
                arrayAnswer(get, "#/components/schemas/Member");
              }),
          // Trello's cards carry due and start dates with a time ("2026-12-04T17:00:00.000Z") and take
          // them so, but the description types them as dates (format "date"), which such values fail.
          new Repair(
              "trello",
              "card due and start dates typed as dates though they carry a time",
              spec -> {
                int retyped = 0;
                for (String pointer : List.of("/components/schemas/Card/properties/due", "/components/schemas/Card/properties/badges/properties/due",
                    "/components/schemas/Card/properties/badges/properties/start")) {
                  retyped += dateTime(at(spec, pointer, "trello"));
                }
                for (String operation : List.of("/paths/~1cards/post", "/paths/~1cards~1{id}/put")) {
                  for (JsonNode parameter : at(spec, operation, "trello").path("parameters")) {
                    String name = parameter.path("name").asString("");
                    if ((name.equals("due") || name.equals("start")) && parameter.path("schema") instanceof ObjectNode schema) {
                      retyped += dateTime(schema);
                    }
                  }
                }
                if (retyped == 0) {
                  throw outdated("trello", "due and start typed as dates");
                }
              }),
          // GitHub answers PATCH /repos/{owner}/{repo}/issues/{issue_number} with an issue described as
          // allOf [issue, {suggestions}]. The validator injects "additionalProperties": false into each
          // part, so every issue fails against the second ("matched only 1 out of 2"). The answer is
          // validated as the issue schema ("suggestions" is then an undeclared property).
          new Repair(
              "github",
              "PATCH issue response composed with allOf breaks the validator's additionalProperties check",
              spec -> {
                var content = at(spec, "/paths/~1repos~1{owner}~1{repo}~1issues~1{issue_number}/patch/responses/200"
                    + "/content/application~1json", "github");
                if (!content.path("schema").has("allOf")) {
                  throw outdated("github", "allOf on the PATCH issue response");
                }
                content.putObject("schema").put("$ref", "#/components/schemas/issue");
              }),
          // GitHub asks every client to send "Accept: application/vnd.github+json" (its docs, and the
          // description's own text calls it the JSON media type), but declares its responses only as
          // application/json, so the Accept header GitHub recommends would be refused. Only the
          // Accept check is off; the response's Content-Type and body are still validated.
          Repair.ignoring(
              "github",
              "recommended Accept application/vnd.github+json not declared as a response type",
              "validation.request.accept.notAllowed"),
          // Pipedrive documents 401, 404 and 429 on a few v1 operations only (v2: 404 on four), yet
          // its documentation (HTTP status codes, rate limiting) says every endpoint answers them, with
          // the {success: false, error, errorCode, error_info} body its v1 operations already
          // describe. Without them no recorded error answer could be replayed.
          new Repair("pipedrive-v1", PIPEDRIVE_ERRORS_DEFECT, spec -> documentPipedriveErrors(spec, "pipedrive-v1")),
          new Repair("pipedrive-v2", PIPEDRIVE_ERRORS_DEFECT, spec -> documentPipedriveErrors(spec, "pipedrive-v2")),
          // Asana and Pipedrive compose their response schemas with allOf (a base response plus the
          // data). The validator injects "additionalProperties": false into each allOf part, so
          // every property declared by another part counts as unexpected and valid bodies fail
          // ("matched only 0 out of 2"). Unknown properties therefore pass for these vendors; types,
          // required properties, enums and formats are still checked.
          // Asana answers any request over its rate limits with 429 and Retry-After ("Rate limits",
          // developers.asana.com/docs/rate-limits), and its description defines the answer
          // (components/responses/TooManyRequests) but refers to it from only 2 operations.
          new Repair(
              "asana",
              "429 TooManyRequests defined but referred to by only 2 operations",
              spec -> {
                at(spec, "/components/responses/TooManyRequests", "asana");
                var limited = JsonNodeFactory.instance.objectNode().put("$ref", "#/components/responses/TooManyRequests");
                if (documentStatus(spec, "429", limited) == 0) {
                  throw outdated("asana", "operations without a 429 response");
                }
              }),
          Repair.ignoring("asana", ALL_OF_DEFECT, "validation.schema.additionalProperties"),
          Repair.ignoring("pipedrive-v1", ALL_OF_DEFECT, "validation.schema.additionalProperties"),
          Repair.ignoring("pipedrive-v2", ALL_OF_DEFECT, "validation.schema.additionalProperties"));

  private SpecRepairs() {}

  /**
   * Repairs {@code spec} of {@code vendor} in place; {@link #levels} applies the rest.
   *
   * @return every defect repaired for the vendor, in order; empty when it needs none
   */
  static List<String> apply(String vendor, ObjectNode spec) {
    var applied = new ArrayList<String>();
    for (Repair repair : REPAIRS) {
      if (repair.vendor().equals(vendor)) {
        repair.fix().accept(spec);
        applied.add(repair.defect());
      }
    }
    return List.copyOf(applied);
  }

  /**
   * The validation levels for {@code vendor}: every message is an error (stricter than the
   * library's default, which ignores unexpected query parameters), except the keys its repairs
   * ignore.
   */
  static LevelResolver levels(String vendor) {
    var levels = LevelResolver.create().withDefaultLevel(Level.ERROR);
    for (Repair repair : REPAIRS) {
      if (repair.vendor().equals(vendor) && repair.ignoredKey() != null) {
        levels.withLevel(repair.ignoredKey(), Level.IGNORE);
      }
    }
    return levels.build();
  }

  /**
   * The status to validate a recorded answer as. Slack answers its errors with HTTP 200 and {@code
   * {"ok": false, "error": …}}, but its description gives 200 only the success schema and puts the
   * error schema under {@code default}; such an answer is validated as the {@code default} response
   * (every Slack method documents only 200 and {@code default}, so 400 resolves to it). The canvas
   * methods' supplement ({@code slack-canvases}) is written the same way.
   */
  static int validatedStatus(String vendor, int status, @Nullable String body) {
    return (vendor.equals("slack") || vendor.equals("slack-canvases")) && status == 200 && body != null && SLACK_ERROR.matcher(body).find() ? 400 : status;
  }

  private static final java.util.regex.Pattern SLACK_ERROR = java.util.regex.Pattern.compile("^\\s*\\{.*\"ok\"\\s*:\\s*false", java.util.regex.Pattern.DOTALL);

  private static void documentPipedriveErrors(ObjectNode spec, String vendor) {
    int documented = 0;
    for (JsonNode path : spec.path("paths").values()) {
      for (JsonNode operation : path.values()) {
        if (operation.path("responses") instanceof ObjectNode responses) {
          for (String status : List.of("401", "404", "429")) {
            if (!responses.has(status)) {
              var schema = responses.putObject(status).put("description", "Pipedrive error " + status)
                  .putObject("content").putObject("application/json").putObject("schema").put("type", "object");
              var properties = schema.putObject("properties");
              properties.putObject("success").put("type", "boolean");
              properties.putObject("error").put("type", "string");
              properties.putObject("errorCode").put("type", "integer");
              properties.putObject("error_info").put("type", "string");
              properties.putObject("data").put("nullable", true);
              properties.putObject("additional_data").put("nullable", true);
              schema.putArray("required").add("success").add("error");
              documented++;
            }
          }
        }
      }
    }
    if (documented == 0) {
      throw outdated(vendor, "error statuses documented on a few operations only");
    }
  }

  private static void inlineTrelloParameters(ObjectNode spec) {
    int repaired = 0;
    for (JsonNode path : spec.path("paths").values()) {
      List<JsonNode> lists = new ArrayList<>();
      lists.add(path.path("parameters"));
      path.values().forEach(operation -> lists.add(operation.path("parameters")));
      for (JsonNode parameters : lists) {
        for (JsonNode parameter : parameters) {
          if (!(parameter instanceof ObjectNode declared) || !(declared.get("schema") instanceof ObjectNode schema)) {
            continue;
          }
          ObjectNode plain = schema;
          if (schema.has("$ref")) {
            String name = schema.get("$ref").asString().replace("#/components/schemas/", "");
            if (spec.path("components").path("schemas").path(name) instanceof ObjectNode referenced
                && referenced.path("type").isString() && !referenced.path("type").asString().equals("object")
                && !referenced.path("type").asString().equals("array")) {
              plain = referenced.deepCopy();
            }
          } else if (schema.path("oneOf") instanceof ArrayNode alternatives && alternatives.toString().contains("{\"type\":\"string\"}")) {
            plain = JsonNodeFactory.instance.objectNode().put("type", "string");
          }
          String name = declared.path("name").asString("");
          if ((name.equals("fields") || name.endsWith("_fields")) && plain.has("enum")) {
            plain = plain == schema ? schema.deepCopy() : plain;
            plain.remove("enum");
            plain.remove("default");
          }
          if (plain != schema) {
            declared.set("schema", plain);
            repaired++;
          }
        }
      }
    }
    if (repaired == 0) {
      throw outdated("trello", "parameter schemas as $ref or oneOf");
    }
  }

  private static void documentTrelloErrors(ObjectNode spec) {
    var responses = at(spec, "/components/responses", "trello");
    for (String name : List.of("Unauthorized", "NotFound")) {
      var content = at(spec, "/components/responses/" + name + "/content", "trello");
      requireAbsent(content, "text/plain", "trello", name + " without a plain-text body");
      content.putObject("text/plain").putObject("schema").put("type", "string");
    }
    requireAbsent(responses, "TooManyRequests", "trello", "no TooManyRequests response");
    var limited = responses.putObject("TooManyRequests").put("description", "Rate limit exceeded")
        .putObject("content").putObject("application/json").putObject("schema").put("type", "object");
    var properties = limited.putObject("properties");
    properties.putObject("error").put("type", "string");
    properties.putObject("message").put("type", "string");
    limited.putArray("required").add("error").add("message");
    int documented = 0;
    for (var status : List.of(List.of("401", "Unauthorized"), List.of("404", "NotFound"), List.of("429", "TooManyRequests"))) {
      documented += documentStatus(spec, status.get(0),
          JsonNodeFactory.instance.objectNode().put("$ref", "#/components/responses/" + status.get(1)));
    }
    if (documented == 0) {
      throw outdated("trello", "operations without 401, 404 and 429");
    }
  }

  private static void queryParameter(ArrayNode parameters, String name, ObjectNode schema) {
    for (JsonNode parameter : parameters) {
      if (parameter.path("name").asString("").equals(name)) {
        throw outdated("trello", "undeclared query parameter " + name);
      }
    }
    var parameter = parameters.addObject().put("name", name).put("in", "query").put("required", false);
    parameter.set("schema", schema);
  }

  private static void arrayAnswer(ObjectNode operation, String itemsRef) {
    var ok = (ObjectNode) operation.path("responses").path("200");
    ok.putObject("content").putObject("application/json").putObject("schema").put("type", "array")
        .putObject("items").put("$ref", itemsRef);
  }

  private static int dateTime(ObjectNode schema) {
    if (!schema.path("format").asString("").equals("date")) {
      return 0;
    }
    schema.put("format", "date-time");
    return 1;
  }

  private static int documentErrorBodies(ObjectNode spec, Set<String> statuses, String schemaRef) {
    int documented = 0;
    for (JsonNode path : spec.path("paths").values()) {
      for (JsonNode operation : path.values()) {
        for (var response : operation.path("responses").properties()) {
          if (statuses.contains(response.getKey())
              && response.getValue() instanceof ObjectNode documentedResponse
              && !documentedResponse.has("content")) {
            documentedResponse.putObject("content").putObject("application/json").putObject("schema").put("$ref", schemaRef);
            documented++;
          }
        }
      }
    }
    return documented;
  }

  /** Adds {@code response} under {@code status} to every operation that lacks it; returns how many. */
  private static int documentStatus(ObjectNode spec, String status, ObjectNode response) {
    int documented = 0;
    for (JsonNode path : spec.path("paths").values()) {
      for (JsonNode operation : path.values()) {
        if (operation.path("responses") instanceof ObjectNode responses && !responses.has(status)) {
          responses.set(status, response.deepCopy());
          documented++;
        }
      }
    }
    return documented;
  }

  private static int removeDiscriminators(JsonNode node) {
    int removed = 0;
    if (node instanceof ObjectNode object) {
      // Only the keyword (an object with propertyName), never a property that is called so.
      if (object.path("discriminator").has("propertyName")) {
        object.remove("discriminator");
        removed++;
      }
      for (JsonNode child : object.values()) {
        removed += removeDiscriminators(child);
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode child : array.values()) {
        removed += removeDiscriminators(child);
      }
    }
    return removed;
  }

  private static void renameOperation(ObjectNode spec, String path, String operationId) {
    var put = at(spec, "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/put", "trello");
    if (!put.path("operationId").asString("").equals("put-members-id-notificationChannelSettings-channel-blockedKeys")) {
      throw outdated("trello", "repeated operationId on PUT " + path);
    }
    put.put("operationId", operationId);
  }

  private static ObjectNode at(ObjectNode spec, String pointer, String vendor) {
    if (!(spec.at(JsonPointer.compile(pointer)) instanceof ObjectNode node)) {
      throw outdated(vendor, pointer);
    }
    return node;
  }

  private static void requireAbsent(ObjectNode node, String field, String vendor, String defect) {
    if (node.has(field)) {
      throw outdated(vendor, defect);
    }
  }

  private static IllegalStateException outdated(String vendor, String defect) {
    return new IllegalStateException(
        "The repair for " + vendor + " (" + defect + ") no longer applies: the API description was changed."
            + " Remove or update that repair in " + SpecRepairs.class.getName() + ".");
  }
}
