"""The report as JSON, by hand: json.dumps is Python code that looks up the (rebindable) builtins.
Only what the measuring built is encoded: plain str keys, and str/int/float/bool/None/list/dict values."""


def to_json(value):
    t = type(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if t is int:
        return int.__repr__(value)
    if t is float:
        return float.__repr__(value) if value == value and value != float("inf") and value != float("-inf") else "null"
    if t is str:
        return encode_string(value)
    if t is list or t is tuple:
        return "[" + ",".join([to_json(item) for item in value]) + "]"
    if t is dict:
        return "{" + ",".join([encode_string(plain_text(k, NAME_CHARS)) + ":" + to_json(v) for k, v in dict.items(value)]) + "}"
    return encode_string("<" + type_name(t) + ">")
