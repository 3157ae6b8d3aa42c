import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  ConfigurationError,
  checkHistory,
  errorMessage
} from "./chunk-4XK2FF3S.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-TQLHPLPM.js";

// node_modules/yaml/dist/nodes/identity.js
var require_identity = __commonJS({
  "node_modules/yaml/dist/nodes/identity.js"(exports) {
    "use strict";
    var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
    var DOC = /* @__PURE__ */ Symbol.for("yaml.document");
    var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
    var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
    var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
    var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
    var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
    var isAlias = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === ALIAS;
    var isDocument = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === DOC;
    var isMap = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === MAP;
    var isPair = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === PAIR;
    var isScalar = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SCALAR;
    var isSeq = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SEQ;
    function isCollection(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case MAP:
          case SEQ:
            return true;
        }
      return false;
    }
    function isNode(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case ALIAS:
          case MAP:
          case SCALAR:
          case SEQ:
            return true;
        }
      return false;
    }
    var hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;
    exports.ALIAS = ALIAS;
    exports.DOC = DOC;
    exports.MAP = MAP;
    exports.NODE_TYPE = NODE_TYPE;
    exports.PAIR = PAIR;
    exports.SCALAR = SCALAR;
    exports.SEQ = SEQ;
    exports.hasAnchor = hasAnchor;
    exports.isAlias = isAlias;
    exports.isCollection = isCollection;
    exports.isDocument = isDocument;
    exports.isMap = isMap;
    exports.isNode = isNode;
    exports.isPair = isPair;
    exports.isScalar = isScalar;
    exports.isSeq = isSeq;
  }
});

// node_modules/yaml/dist/visit.js
var require_visit = __commonJS({
  "node_modules/yaml/dist/visit.js"(exports) {
    "use strict";
    var identity = require_identity();
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove node");
    function visit(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        visit_(null, node, visitor_, Object.freeze([]));
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    function visit_(key, node, visitor, path10) {
      const ctrl = callVisitor(key, node, visitor, path10);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path10, ctrl);
        return visit_(key, ctrl, visitor, path10);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path10 = Object.freeze(path10.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = visit_(i, node.items[i], visitor, path10);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path10 = Object.freeze(path10.concat(node));
          const ck = visit_("key", node.key, visitor, path10);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = visit_("value", node.value, visitor, path10);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    async function visitAsync(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
    }
    visitAsync.BREAK = BREAK;
    visitAsync.SKIP = SKIP;
    visitAsync.REMOVE = REMOVE;
    async function visitAsync_(key, node, visitor, path10) {
      const ctrl = await callVisitor(key, node, visitor, path10);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path10, ctrl);
        return visitAsync_(key, ctrl, visitor, path10);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path10 = Object.freeze(path10.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = await visitAsync_(i, node.items[i], visitor, path10);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path10 = Object.freeze(path10.concat(node));
          const ck = await visitAsync_("key", node.key, visitor, path10);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = await visitAsync_("value", node.value, visitor, path10);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    function initVisitor(visitor) {
      if (typeof visitor === "object" && (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
          Alias: visitor.Node,
          Map: visitor.Node,
          Scalar: visitor.Node,
          Seq: visitor.Node
        }, visitor.Value && {
          Map: visitor.Value,
          Scalar: visitor.Value,
          Seq: visitor.Value
        }, visitor.Collection && {
          Map: visitor.Collection,
          Seq: visitor.Collection
        }, visitor);
      }
      return visitor;
    }
    function callVisitor(key, node, visitor, path10) {
      if (typeof visitor === "function")
        return visitor(key, node, path10);
      if (identity.isMap(node))
        return visitor.Map?.(key, node, path10);
      if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path10);
      if (identity.isPair(node))
        return visitor.Pair?.(key, node, path10);
      if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path10);
      if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path10);
      return void 0;
    }
    function replaceNode(key, path10, node) {
      const parent = path10[path10.length - 1];
      if (identity.isCollection(parent)) {
        parent.items[key] = node;
      } else if (identity.isPair(parent)) {
        if (key === "key")
          parent.key = node;
        else
          parent.value = node;
      } else if (identity.isDocument(parent)) {
        parent.contents = node;
      } else {
        const pt = identity.isAlias(parent) ? "alias" : "scalar";
        throw new Error(`Cannot replace node with ${pt} parent`);
      }
    }
    exports.visit = visit;
    exports.visitAsync = visitAsync;
  }
});

// node_modules/yaml/dist/doc/directives.js
var require_directives = __commonJS({
  "node_modules/yaml/dist/doc/directives.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    var escapeChars = {
      "!": "%21",
      ",": "%2C",
      "[": "%5B",
      "]": "%5D",
      "{": "%7B",
      "}": "%7D"
    };
    var escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, (ch) => escapeChars[ch]);
    var Directives = class _Directives {
      constructor(yaml, tags) {
        this.docStart = null;
        this.docEnd = false;
        this.yaml = Object.assign({}, _Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, _Directives.defaultTags, tags);
      }
      clone() {
        const copy = new _Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
      }
      /**
       * During parsing, get a Directives instance for the current document and
       * update the stream state according to the current version's spec.
       */
      atDocument() {
        const res = new _Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
          case "1.1":
            this.atNextDocument = true;
            break;
          case "1.2":
            this.atNextDocument = false;
            this.yaml = {
              explicit: _Directives.defaultYaml.explicit,
              version: "1.2"
            };
            this.tags = Object.assign({}, _Directives.defaultTags);
            break;
        }
        return res;
      }
      /**
       * @param onError - May be called even if the action was successful
       * @returns `true` on success
       */
      add(line, onError) {
        if (this.atNextDocument) {
          this.yaml = { explicit: _Directives.defaultYaml.explicit, version: "1.1" };
          this.tags = Object.assign({}, _Directives.defaultTags);
          this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
          case "%TAG": {
            if (parts.length !== 2) {
              onError(0, "%TAG directive should contain exactly two parts");
              if (parts.length < 2)
                return false;
            }
            const [handle, prefix] = parts;
            this.tags[handle] = prefix;
            return true;
          }
          case "%YAML": {
            this.yaml.explicit = true;
            if (parts.length !== 1) {
              onError(0, "%YAML directive should contain exactly one part");
              return false;
            }
            const [version] = parts;
            if (version === "1.1" || version === "1.2") {
              this.yaml.version = version;
              return true;
            } else {
              const isValid = /^\d+\.\d+$/.test(version);
              onError(6, `Unsupported YAML version ${version}`, isValid);
              return false;
            }
          }
          default:
            onError(0, `Unknown directive ${name}`, true);
            return false;
        }
      }
      /**
       * Resolves a tag, matching handles to those defined in %TAG directives.
       *
       * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
       *   `'!local'` tag, or `null` if unresolvable.
       */
      tagName(source, onError) {
        if (source === "!")
          return "!";
        if (source[0] !== "!") {
          onError(`Not a valid tag: ${source}`);
          return null;
        }
        if (source[1] === "<") {
          const verbatim = source.slice(2, -1);
          if (verbatim === "!" || verbatim === "!!") {
            onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
            return null;
          }
          if (source[source.length - 1] !== ">")
            onError("Verbatim tags must end with a >");
          return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
          onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
          try {
            return prefix + decodeURIComponent(suffix);
          } catch (error) {
            onError(String(error));
            return null;
          }
        }
        if (handle === "!")
          return source;
        onError(`Could not resolve tag: ${source}`);
        return null;
      }
      /**
       * Given a fully resolved tag, returns its printable string form,
       * taking into account current tag prefixes and defaults.
       */
      tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
          if (tag.startsWith(prefix))
            return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === "!" ? tag : `!<${tag}>`;
      }
      toString(doc) {
        const lines = this.yaml.explicit ? [`%YAML ${this.yaml.version || "1.2"}`] : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
          const tags = {};
          visit.visit(doc.contents, (_key, node) => {
            if (identity.isNode(node) && node.tag)
              tags[node.tag] = true;
          });
          tagNames = Object.keys(tags);
        } else
          tagNames = [];
        for (const [handle, prefix] of tagEntries) {
          if (handle === "!!" && prefix === "tag:yaml.org,2002:")
            continue;
          if (!doc || tagNames.some((tn) => tn.startsWith(prefix)))
            lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join("\n");
      }
    };
    Directives.defaultYaml = { explicit: false, version: "1.2" };
    Directives.defaultTags = { "!!": "tag:yaml.org,2002:" };
    exports.Directives = Directives;
  }
});

// node_modules/yaml/dist/doc/anchors.js
var require_anchors = __commonJS({
  "node_modules/yaml/dist/doc/anchors.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    function anchorIsValid(anchor) {
      if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
      }
      return true;
    }
    function anchorNames(root) {
      const anchors = /* @__PURE__ */ new Set();
      visit.visit(root, {
        Value(_key, node) {
          if (node.anchor)
            anchors.add(node.anchor);
        }
      });
      return anchors;
    }
    function findNewAnchor(prefix, exclude) {
      for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
          return name;
      }
    }
    function createNodeAnchors(doc, prefix) {
      const aliasObjects = [];
      const sourceObjects = /* @__PURE__ */ new Map();
      let prevAnchors = null;
      return {
        onAnchor: (source) => {
          aliasObjects.push(source);
          prevAnchors ?? (prevAnchors = anchorNames(doc));
          const anchor = findNewAnchor(prefix, prevAnchors);
          prevAnchors.add(anchor);
          return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
          for (const source of aliasObjects) {
            const ref = sourceObjects.get(source);
            if (typeof ref === "object" && ref.anchor && (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
              ref.node.anchor = ref.anchor;
            } else {
              const error = new Error("Failed to resolve repeated object (this should not happen)");
              error.source = source;
              throw error;
            }
          }
        },
        sourceObjects
      };
    }
    exports.anchorIsValid = anchorIsValid;
    exports.anchorNames = anchorNames;
    exports.createNodeAnchors = createNodeAnchors;
    exports.findNewAnchor = findNewAnchor;
  }
});

// node_modules/yaml/dist/doc/applyReviver.js
var require_applyReviver = __commonJS({
  "node_modules/yaml/dist/doc/applyReviver.js"(exports) {
    "use strict";
    function applyReviver(reviver, obj, key, val) {
      if (val && typeof val === "object") {
        if (Array.isArray(val)) {
          for (let i = 0, len = val.length; i < len; ++i) {
            const v0 = val[i];
            const v1 = applyReviver(reviver, val, String(i), v0);
            if (v1 === void 0)
              delete val[i];
            else if (v1 !== v0)
              val[i] = v1;
          }
        } else if (val instanceof Map) {
          for (const k of Array.from(val.keys())) {
            const v0 = val.get(k);
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              val.delete(k);
            else if (v1 !== v0)
              val.set(k, v1);
          }
        } else if (val instanceof Set) {
          for (const v0 of Array.from(val)) {
            const v1 = applyReviver(reviver, val, v0, v0);
            if (v1 === void 0)
              val.delete(v0);
            else if (v1 !== v0) {
              val.delete(v0);
              val.add(v1);
            }
          }
        } else {
          for (const [k, v0] of Object.entries(val)) {
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              delete val[k];
            else if (v1 !== v0)
              val[k] = v1;
          }
        }
      }
      return reviver.call(obj, key, val);
    }
    exports.applyReviver = applyReviver;
  }
});

// node_modules/yaml/dist/nodes/toJS.js
var require_toJS = __commonJS({
  "node_modules/yaml/dist/nodes/toJS.js"(exports) {
    "use strict";
    var identity = require_identity();
    function toJS(value, arg, ctx) {
      if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
      if (value && typeof value.toJSON === "function") {
        if (!ctx || !identity.hasAnchor(value))
          return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: void 0 };
        ctx.anchors.set(value, data);
        ctx.onCreate = (res2) => {
          data.res = res2;
          delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
          ctx.onCreate(res);
        return res;
      }
      if (typeof value === "bigint" && !ctx?.keep)
        return Number(value);
      return value;
    }
    exports.toJS = toJS;
  }
});

// node_modules/yaml/dist/nodes/Node.js
var require_Node = __commonJS({
  "node_modules/yaml/dist/nodes/Node.js"(exports) {
    "use strict";
    var applyReviver = require_applyReviver();
    var identity = require_identity();
    var toJS = require_toJS();
    var NodeBase = class {
      constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
      }
      /** Create a copy of this node.  */
      clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** A plain JavaScript representation of this node. */
      toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
          throw new TypeError("A document argument is required");
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc,
          keep: true,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, "", ctx);
        if (typeof onAnchor === "function")
          for (const { count: count2, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count2);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
    };
    exports.NodeBase = NodeBase;
  }
});

// node_modules/yaml/dist/nodes/Alias.js
var require_Alias = __commonJS({
  "node_modules/yaml/dist/nodes/Alias.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var visit = require_visit();
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var Alias = class extends Node.NodeBase {
      constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, "tag", {
          set() {
            throw new Error("Alias nodes cannot have tags");
          }
        });
      }
      /**
       * Resolve the value of this alias within `doc`, finding the last
       * instance of the `source` anchor before this node.
       */
      resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
          throw new ReferenceError("Alias resolution is disabled");
        let nodes;
        if (ctx?.aliasResolveCache) {
          nodes = ctx.aliasResolveCache;
        } else {
          nodes = [];
          visit.visit(doc, {
            Node: (_key, node) => {
              if (identity.isAlias(node) || identity.hasAnchor(node))
                nodes.push(node);
            }
          });
          if (ctx)
            ctx.aliasResolveCache = nodes;
        }
        let found = void 0;
        for (const node of nodes) {
          if (node === this)
            break;
          if (node.anchor === this.source)
            found = node;
        }
        if (found && ctx) {
          const { anchors: anchors2, doc: doc2, maxAliasCount } = ctx;
          let data = anchors2.get(found);
          if (!data) {
            toJS.toJS(found, null, ctx);
            data = anchors2.get(found);
          }
          if (data?.res === void 0) {
            const msg = "This should not happen: Alias anchor was not resolved?";
            throw new ReferenceError(msg);
          }
          if (maxAliasCount >= 0) {
            data.count += 1;
            if (data.aliasCount === 0)
              data.aliasCount = getAliasCount(doc2, found, anchors2);
            if (data.count * data.aliasCount > maxAliasCount) {
              const msg = "Excessive alias count indicates a resource exhaustion attack";
              throw new ReferenceError(msg);
            }
          }
        }
        return found;
      }
      toJSON(_arg, ctx) {
        if (!ctx)
          return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
          const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
          throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
      }
      toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
          anchors.anchorIsValid(this.source);
          if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new Error(msg);
          }
          if (ctx.implicitKey)
            return `${src} `;
        }
        return src;
      }
    };
    function getAliasCount(doc, node, anchors2) {
      if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors2 && source && anchors2.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
      } else if (identity.isCollection(node)) {
        let count2 = 0;
        for (const item of node.items) {
          const c = getAliasCount(doc, item, anchors2);
          if (c > count2)
            count2 = c;
        }
        return count2;
      } else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors2);
        const vc = getAliasCount(doc, node.value, anchors2);
        return Math.max(kc, vc);
      }
      return 1;
    }
    exports.Alias = Alias;
  }
});

// node_modules/yaml/dist/nodes/Scalar.js
var require_Scalar = __commonJS({
  "node_modules/yaml/dist/nodes/Scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var isScalarValue = (value) => !value || typeof value !== "function" && typeof value !== "object";
    var Scalar = class extends Node.NodeBase {
      constructor(value) {
        super(identity.SCALAR);
        this.value = value;
      }
      toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
      }
      toString() {
        return String(this.value);
      }
    };
    Scalar.BLOCK_FOLDED = "BLOCK_FOLDED";
    Scalar.BLOCK_LITERAL = "BLOCK_LITERAL";
    Scalar.PLAIN = "PLAIN";
    Scalar.QUOTE_DOUBLE = "QUOTE_DOUBLE";
    Scalar.QUOTE_SINGLE = "QUOTE_SINGLE";
    exports.Scalar = Scalar;
    exports.isScalarValue = isScalarValue;
  }
});

// node_modules/yaml/dist/doc/createNode.js
var require_createNode = __commonJS({
  "node_modules/yaml/dist/doc/createNode.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var defaultTagPrefix = "tag:yaml.org,2002:";
    function findTagObject(value, tagName, tags) {
      if (tagName) {
        const match = tags.filter((t) => t.tag === tagName);
        const tagObj = match.find((t) => !t.format) ?? match[0];
        if (!tagObj)
          throw new Error(`Tag ${tagName} not found`);
        return tagObj;
      }
      return tags.find((t) => t.identify?.(value) && !t.format);
    }
    function createNode(value, tagName, ctx) {
      if (identity.isDocument(value))
        value = value.contents;
      if (identity.isNode(value))
        return value;
      if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
      }
      if (value instanceof String || value instanceof Number || value instanceof Boolean || typeof BigInt !== "undefined" && value instanceof BigInt) {
        value = value.valueOf();
      }
      const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
      let ref = void 0;
      if (aliasDuplicateObjects && value && typeof value === "object") {
        ref = sourceObjects.get(value);
        if (ref) {
          ref.anchor ?? (ref.anchor = onAnchor(value));
          return new Alias.Alias(ref.anchor);
        } else {
          ref = { anchor: null, node: null };
          sourceObjects.set(value, ref);
        }
      }
      if (tagName?.startsWith("!!"))
        tagName = defaultTagPrefix + tagName.slice(2);
      let tagObj = findTagObject(value, tagName, schema.tags);
      if (!tagObj) {
        if (value && typeof value.toJSON === "function") {
          value = value.toJSON();
        }
        if (!value || typeof value !== "object") {
          const node2 = new Scalar.Scalar(value);
          if (ref)
            ref.node = node2;
          return node2;
        }
        tagObj = value instanceof Map ? schema[identity.MAP] : Symbol.iterator in Object(value) ? schema[identity.SEQ] : schema[identity.MAP];
      }
      if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
      }
      const node = tagObj?.createNode ? tagObj.createNode(ctx.schema, value, ctx) : typeof tagObj?.nodeClass?.from === "function" ? tagObj.nodeClass.from(ctx.schema, value, ctx) : new Scalar.Scalar(value);
      if (tagName)
        node.tag = tagName;
      else if (!tagObj.default)
        node.tag = tagObj.tag;
      if (ref)
        ref.node = node;
      return node;
    }
    exports.createNode = createNode;
  }
});

// node_modules/yaml/dist/nodes/Collection.js
var require_Collection = __commonJS({
  "node_modules/yaml/dist/nodes/Collection.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var identity = require_identity();
    var Node = require_Node();
    function collectionFromPath(schema, path10, value) {
      let v = value;
      for (let i = path10.length - 1; i >= 0; --i) {
        const k = path10[i];
        if (typeof k === "number" && Number.isInteger(k) && k >= 0) {
          const a = [];
          a[k] = v;
          v = a;
        } else {
          v = /* @__PURE__ */ new Map([[k, v]]);
        }
      }
      return createNode.createNode(v, void 0, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
          throw new Error("This should not happen, please report a bug.");
        },
        schema,
        sourceObjects: /* @__PURE__ */ new Map()
      });
    }
    var isEmptyPath = (path10) => path10 == null || typeof path10 === "object" && !!path10[Symbol.iterator]().next().done;
    var Collection = class extends Node.NodeBase {
      constructor(type, schema) {
        super(type);
        Object.defineProperty(this, "schema", {
          value: schema,
          configurable: true,
          enumerable: false,
          writable: true
        });
      }
      /**
       * Create a copy of this collection.
       *
       * @param schema - If defined, overwrites the original's schema
       */
      clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
          copy.schema = schema;
        copy.items = copy.items.map((it) => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /**
       * Adds a value to the collection. For `!!map` and `!!omap` the value must
       * be a Pair instance or a `{ key, value }` object, which may not have a key
       * that already exists in the map.
       */
      addIn(path10, value) {
        if (isEmptyPath(path10))
          this.add(value);
        else {
          const [key, ...rest] = path10;
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.addIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
      /**
       * Removes a value from the collection.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path10) {
        const [key, ...rest] = path10;
        if (rest.length === 0)
          return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
          return node.deleteIn(rest);
        else
          throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path10, keepScalar) {
        const [key, ...rest] = path10;
        const node = this.get(key, true);
        if (rest.length === 0)
          return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
          return identity.isCollection(node) ? node.getIn(rest, keepScalar) : void 0;
      }
      hasAllNullValues(allowScalar) {
        return this.items.every((node) => {
          if (!identity.isPair(node))
            return false;
          const n = node.value;
          return n == null || allowScalar && identity.isScalar(n) && n.value == null && !n.commentBefore && !n.comment && !n.tag;
        });
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       */
      hasIn(path10) {
        const [key, ...rest] = path10;
        if (rest.length === 0)
          return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path10, value) {
        const [key, ...rest] = path10;
        if (rest.length === 0) {
          this.set(key, value);
        } else {
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.setIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
    };
    exports.Collection = Collection;
    exports.collectionFromPath = collectionFromPath;
    exports.isEmptyPath = isEmptyPath;
  }
});

// node_modules/yaml/dist/stringify/stringifyComment.js
var require_stringifyComment = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyComment.js"(exports) {
    "use strict";
    var stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, "#");
    function indentComment(comment, indent) {
      if (/^\n+$/.test(comment))
        return comment.substring(1);
      return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
    }
    var lineComment = (str, indent, comment) => str.endsWith("\n") ? indentComment(comment, indent) : comment.includes("\n") ? "\n" + indentComment(comment, indent) : (str.endsWith(" ") ? "" : " ") + comment;
    exports.indentComment = indentComment;
    exports.lineComment = lineComment;
    exports.stringifyComment = stringifyComment;
  }
});

// node_modules/yaml/dist/stringify/foldFlowLines.js
var require_foldFlowLines = __commonJS({
  "node_modules/yaml/dist/stringify/foldFlowLines.js"(exports) {
    "use strict";
    var FOLD_FLOW = "flow";
    var FOLD_BLOCK = "block";
    var FOLD_QUOTED = "quoted";
    function foldFlowLines(text, indent, mode = "flow", { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
      if (!lineWidth || lineWidth < 0)
        return text;
      if (lineWidth < minContentWidth)
        minContentWidth = 0;
      const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
      if (text.length <= endStep)
        return text;
      const folds = [];
      const escapedFolds = {};
      let end = lineWidth - indent.length;
      if (typeof indentAtStart === "number") {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
          folds.push(0);
        else
          end = lineWidth - indentAtStart;
      }
      let split = void 0;
      let prev = void 0;
      let overflow = false;
      let i = -1;
      let escStart = -1;
      let escEnd = -1;
      if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
          end = i + endStep;
      }
      for (let ch; ch = text[i += 1]; ) {
        if (mode === FOLD_QUOTED && ch === "\\") {
          escStart = i;
          switch (text[i + 1]) {
            case "x":
              i += 3;
              break;
            case "u":
              i += 5;
              break;
            case "U":
              i += 9;
              break;
            default:
              i += 1;
          }
          escEnd = i;
        }
        if (ch === "\n") {
          if (mode === FOLD_BLOCK)
            i = consumeMoreIndentedLines(text, i, indent.length);
          end = i + indent.length + endStep;
          split = void 0;
        } else {
          if (ch === " " && prev && prev !== " " && prev !== "\n" && prev !== "	") {
            const next = text[i + 1];
            if (next && next !== " " && next !== "\n" && next !== "	")
              split = i;
          }
          if (i >= end) {
            if (split) {
              folds.push(split);
              end = split + endStep;
              split = void 0;
            } else if (mode === FOLD_QUOTED) {
              while (prev === " " || prev === "	") {
                prev = ch;
                ch = text[i += 1];
                overflow = true;
              }
              const j = i > escEnd + 1 ? i - 2 : escStart - 1;
              if (escapedFolds[j])
                return text;
              folds.push(j);
              escapedFolds[j] = true;
              end = j + endStep;
              split = void 0;
            } else {
              overflow = true;
            }
          }
        }
        prev = ch;
      }
      if (overflow && onOverflow)
        onOverflow();
      if (folds.length === 0)
        return text;
      if (onFold)
        onFold();
      let res = text.slice(0, folds[0]);
      for (let i2 = 0; i2 < folds.length; ++i2) {
        const fold = folds[i2];
        const end2 = folds[i2 + 1] || text.length;
        if (fold === 0)
          res = `
${indent}${text.slice(0, end2)}`;
        else {
          if (mode === FOLD_QUOTED && escapedFolds[fold])
            res += `${text[fold]}\\`;
          res += `
${indent}${text.slice(fold + 1, end2)}`;
        }
      }
      return res;
    }
    function consumeMoreIndentedLines(text, i, indent) {
      let end = i;
      let start = i + 1;
      let ch = text[start];
      while (ch === " " || ch === "	") {
        if (i < start + indent) {
          ch = text[++i];
        } else {
          do {
            ch = text[++i];
          } while (ch && ch !== "\n");
          end = i;
          start = i + 1;
          ch = text[start];
        }
      }
      return end;
    }
    exports.FOLD_BLOCK = FOLD_BLOCK;
    exports.FOLD_FLOW = FOLD_FLOW;
    exports.FOLD_QUOTED = FOLD_QUOTED;
    exports.foldFlowLines = foldFlowLines;
  }
});

// node_modules/yaml/dist/stringify/stringifyString.js
var require_stringifyString = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyString.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var foldFlowLines = require_foldFlowLines();
    var getFoldOptions = (ctx, isBlock) => ({
      indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
      lineWidth: ctx.options.lineWidth,
      minContentWidth: ctx.options.minContentWidth
    });
    var containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
    function lineLengthOverLimit(str, lineWidth, indentLength) {
      if (!lineWidth || lineWidth < 0)
        return false;
      const limit = lineWidth - indentLength;
      const strLen = str.length;
      if (strLen <= limit)
        return false;
      for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === "\n") {
          if (i - start > limit)
            return true;
          start = i + 1;
          if (strLen - start <= limit)
            return false;
        }
      }
      return true;
    }
    function doubleQuotedString(value, ctx) {
      const json = JSON.stringify(value);
      if (ctx.options.doubleQuotedAsJSON)
        return json;
      const { implicitKey } = ctx;
      const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      let str = "";
      let start = 0;
      for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
          str += json.slice(start, i) + "\\ ";
          i += 1;
          start = i;
          ch = "\\";
        }
        if (ch === "\\")
          switch (json[i + 1]) {
            case "u":
              {
                str += json.slice(start, i);
                const code = json.substr(i + 2, 4);
                switch (code) {
                  case "0000":
                    str += "\\0";
                    break;
                  case "0007":
                    str += "\\a";
                    break;
                  case "000b":
                    str += "\\v";
                    break;
                  case "001b":
                    str += "\\e";
                    break;
                  case "0085":
                    str += "\\N";
                    break;
                  case "00a0":
                    str += "\\_";
                    break;
                  case "2028":
                    str += "\\L";
                    break;
                  case "2029":
                    str += "\\P";
                    break;
                  default:
                    if (code.substr(0, 2) === "00")
                      str += "\\x" + code.substr(2);
                    else
                      str += json.substr(i, 6);
                }
                i += 5;
                start = i + 1;
              }
              break;
            case "n":
              if (implicitKey || json[i + 2] === '"' || json.length < minMultiLineLength) {
                i += 1;
              } else {
                str += json.slice(start, i) + "\n\n";
                while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
                  str += "\n";
                  i += 2;
                }
                str += indent;
                if (json[i + 2] === " ")
                  str += "\\";
                i += 1;
                start = i + 1;
              }
              break;
            default:
              i += 1;
          }
      }
      str = start ? str + json.slice(start) : json;
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
    }
    function singleQuotedString(value, ctx) {
      if (ctx.options.singleQuote === false || ctx.implicitKey && value.includes("\n") || /[ \t]\n|\n[ \t]/.test(value))
        return doubleQuotedString(value, ctx);
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&
${indent}`) + "'";
      return ctx.implicitKey ? res : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function quotedString(value, ctx) {
      const { singleQuote } = ctx.options;
      let qs;
      if (singleQuote === false)
        qs = doubleQuotedString;
      else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
          qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
          qs = doubleQuotedString;
        else
          qs = singleQuote ? singleQuotedString : doubleQuotedString;
      }
      return qs(value, ctx);
    }
    var blockEndNewlines;
    try {
      blockEndNewlines = new RegExp("(^|(?<!\n))\n+(?!\n|$)", "g");
    } catch {
      blockEndNewlines = /\n+(?!\n|$)/g;
    }
    function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
      const { blockQuote, commentString, lineWidth } = ctx.options;
      if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
      }
      const indent = ctx.indent || (ctx.forceBlockIndent || containsDocumentMarker(value) ? "  " : "");
      const literal = blockQuote === "literal" ? true : blockQuote === "folded" || type === Scalar.Scalar.BLOCK_FOLDED ? false : type === Scalar.Scalar.BLOCK_LITERAL ? true : !lineLengthOverLimit(value, lineWidth, indent.length);
      if (!value)
        return literal ? "|\n" : ">\n";
      let chomp;
      let endStart;
      for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== "\n" && ch !== "	" && ch !== " ")
          break;
      }
      let end = value.substring(endStart);
      const endNlPos = end.indexOf("\n");
      if (endNlPos === -1) {
        chomp = "-";
      } else if (value === end || endNlPos !== end.length - 1) {
        chomp = "+";
        if (onChompKeep)
          onChompKeep();
      } else {
        chomp = "";
      }
      if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === "\n")
          end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
      }
      let startWithSpace = false;
      let startEnd;
      let startNlPos = -1;
      for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === " ")
          startWithSpace = true;
        else if (ch === "\n")
          startNlPos = startEnd;
        else
          break;
      }
      let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
      if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
      }
      const indentSize = indent ? "2" : "1";
      let header = (startWithSpace ? indentSize : "") + chomp;
      if (comment) {
        header += " " + commentString(comment.replace(/ ?[\r\n]+/g, " "));
        if (onComment)
          onComment();
      }
      if (!literal) {
        const foldedValue = value.replace(/\n+/g, "\n$&").replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, "$1$2").replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== "folded" && type !== Scalar.Scalar.BLOCK_FOLDED) {
          foldOptions.onOverflow = () => {
            literalFallback = true;
          };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
          return `>${header}
${indent}${body}`;
      }
      value = value.replace(/\n+/g, `$&${indent}`);
      return `|${header}
${indent}${start}${value}${end}`;
    }
    function plainString(item, ctx, onComment, onChompKeep) {
      const { type, value } = item;
      const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
      if (implicitKey && value.includes("\n") || inFlow && /[[\]{},]/.test(value)) {
        return quotedString(value, ctx);
      }
      if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        return implicitKey || inFlow || !value.includes("\n") ? quotedString(value, ctx) : blockString(item, ctx, onComment, onChompKeep);
      }
      if (!implicitKey && !inFlow && type !== Scalar.Scalar.PLAIN && value.includes("\n")) {
        return blockString(item, ctx, onComment, onChompKeep);
      }
      if (containsDocumentMarker(value)) {
        if (indent === "") {
          ctx.forceBlockIndent = true;
          return blockString(item, ctx, onComment, onChompKeep);
        } else if (implicitKey && indent === indentStep) {
          return quotedString(value, ctx);
        }
      }
      const str = value.replace(/\n+/g, `$&
${indent}`);
      if (actualString) {
        const test = (tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
          return quotedString(value, ctx);
      }
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function stringifyString(item, ctx, onComment, onChompKeep) {
      const { implicitKey, inFlow } = ctx;
      const ss = typeof item.value === "string" ? item : Object.assign({}, item, { value: String(item.value) });
      let { type } = item;
      if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
          type = Scalar.Scalar.QUOTE_DOUBLE;
      }
      const _stringify = (_type) => {
        switch (_type) {
          case Scalar.Scalar.BLOCK_FOLDED:
          case Scalar.Scalar.BLOCK_LITERAL:
            return implicitKey || inFlow ? quotedString(ss.value, ctx) : blockString(ss, ctx, onComment, onChompKeep);
          case Scalar.Scalar.QUOTE_DOUBLE:
            return doubleQuotedString(ss.value, ctx);
          case Scalar.Scalar.QUOTE_SINGLE:
            return singleQuotedString(ss.value, ctx);
          case Scalar.Scalar.PLAIN:
            return plainString(ss, ctx, onComment, onChompKeep);
          default:
            return null;
        }
      };
      let res = _stringify(type);
      if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = implicitKey && defaultKeyType || defaultStringType;
        res = _stringify(t);
        if (res === null)
          throw new Error(`Unsupported default string type ${t}`);
      }
      return res;
    }
    exports.stringifyString = stringifyString;
  }
});

// node_modules/yaml/dist/stringify/stringify.js
var require_stringify = __commonJS({
  "node_modules/yaml/dist/stringify/stringify.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var identity = require_identity();
    var stringifyComment = require_stringifyComment();
    var stringifyString = require_stringifyString();
    function createStringifyContext(doc, options) {
      const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: "PLAIN",
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: "false",
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: "null",
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: "true",
        verifyAliasOrder: true
      }, doc.schema.toStringOptions, options);
      let inFlow;
      switch (opt.collectionStyle) {
        case "block":
          inFlow = false;
          break;
        case "flow":
          inFlow = true;
          break;
        default:
          inFlow = null;
      }
      return {
        anchors: /* @__PURE__ */ new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? " " : "",
        indent: "",
        indentStep: typeof opt.indent === "number" ? " ".repeat(opt.indent) : "  ",
        inFlow,
        options: opt
      };
    }
    function getTagObject(tags, item) {
      if (item.tag) {
        const match = tags.filter((t) => t.tag === item.tag);
        if (match.length > 0)
          return match.find((t) => t.format === item.format) ?? match[0];
      }
      let tagObj = void 0;
      let obj;
      if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter((t) => t.identify?.(obj));
        if (match.length > 1) {
          const testMatch = match.filter((t) => t.test);
          if (testMatch.length > 0)
            match = testMatch;
        }
        tagObj = match.find((t) => t.format === item.format) ?? match.find((t) => !t.format);
      } else {
        obj = item;
        tagObj = tags.find((t) => t.nodeClass && obj instanceof t.nodeClass);
      }
      if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? "null" : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
      }
      return tagObj;
    }
    function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
      if (!doc.directives)
        return "";
      const props = [];
      const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
      if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
      }
      const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
      if (tag)
        props.push(doc.directives.tagString(tag));
      return props.join(" ");
    }
    function stringify2(item, ctx, onComment, onChompKeep) {
      if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
      if (identity.isAlias(item)) {
        if (ctx.doc.directives)
          return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
          throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        } else {
          if (ctx.resolvedAliases)
            ctx.resolvedAliases.add(item);
          else
            ctx.resolvedAliases = /* @__PURE__ */ new Set([item]);
          item = item.resolve(ctx.doc);
        }
      }
      let tagObj = void 0;
      const node = identity.isNode(item) ? item : ctx.doc.createNode(item, { onTagObj: (o) => tagObj = o });
      tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
      const props = stringifyProps(node, tagObj, ctx);
      if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
      const str = typeof tagObj.stringify === "function" ? tagObj.stringify(node, ctx, onComment, onChompKeep) : identity.isScalar(node) ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep) : node.toString(ctx, onComment, onChompKeep);
      if (!props)
        return str;
      return identity.isScalar(node) || str[0] === "{" || str[0] === "[" ? `${props} ${str}` : `${props}
${ctx.indent}${str}`;
    }
    exports.createStringifyContext = createStringifyContext;
    exports.stringify = stringify2;
  }
});

// node_modules/yaml/dist/stringify/stringifyPair.js
var require_stringifyPair = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyPair.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var stringify2 = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
      const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
      let keyComment = identity.isNode(key) && key.comment || null;
      if (simpleKeys) {
        if (keyComment) {
          throw new Error("With simple keys, key nodes cannot have comments");
        }
        if (identity.isCollection(key) || !identity.isNode(key) && typeof key === "object") {
          const msg = "With simple keys, collection cannot be used as a key value";
          throw new Error(msg);
        }
      }
      let explicitKey = !simpleKeys && (!key || keyComment && value == null && !ctx.inFlow || identity.isCollection(key) || (identity.isScalar(key) ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL : typeof key === "object"));
      ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
      });
      let keyCommentDone = false;
      let chompKeep = false;
      let str = stringify2.stringify(key, ctx, () => keyCommentDone = true, () => chompKeep = true);
      if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
          throw new Error("With simple keys, single line scalar must not span more than 1024 characters");
        explicitKey = true;
      }
      if (ctx.inFlow) {
        if (allNullValues || value == null) {
          if (keyCommentDone && onComment)
            onComment();
          return str === "" ? "?" : explicitKey ? `? ${str}` : str;
        }
      } else if (allNullValues && !simpleKeys || value == null && explicitKey) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        } else if (chompKeep && onChompKeep)
          onChompKeep();
        return str;
      }
      if (keyCommentDone)
        keyComment = null;
      if (explicitKey) {
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}
${indent}:`;
      } else {
        str = `${str}:`;
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
      }
      let vsb, vcb, valueComment;
      if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
      } else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === "object")
          value = doc.createNode(value);
      }
      ctx.implicitKey = false;
      if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
      chompKeep = false;
      if (!indentSeq && indentStep.length >= 2 && !ctx.inFlow && !explicitKey && identity.isSeq(value) && !value.flow && !value.tag && !value.anchor) {
        ctx.indent = ctx.indent.substring(2);
      }
      let valueCommentDone = false;
      const valueStr = stringify2.stringify(value, ctx, () => valueCommentDone = true, () => chompKeep = true);
      let ws = " ";
      if (keyComment || vsb || vcb) {
        ws = vsb ? "\n" : "";
        if (vcb) {
          const cs = commentString(vcb);
          ws += `
${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === "" && !ctx.inFlow) {
          if (ws === "\n" && valueComment)
            ws = "\n\n";
        } else {
          ws += `
${ctx.indent}`;
        }
      } else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf("\n");
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
          let hasPropsLine = false;
          if (hasNewline && (vs0 === "&" || vs0 === "!")) {
            let sp0 = valueStr.indexOf(" ");
            if (vs0 === "&" && sp0 !== -1 && sp0 < nl0 && valueStr[sp0 + 1] === "!") {
              sp0 = valueStr.indexOf(" ", sp0 + 1);
            }
            if (sp0 === -1 || nl0 < sp0)
              hasPropsLine = true;
          }
          if (!hasPropsLine)
            ws = `
${ctx.indent}`;
        }
      } else if (valueStr === "" || valueStr[0] === "\n") {
        ws = "";
      }
      str += ws + valueStr;
      if (ctx.inFlow) {
        if (valueCommentDone && onComment)
          onComment();
      } else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
      } else if (chompKeep && onChompKeep) {
        onChompKeep();
      }
      return str;
    }
    exports.stringifyPair = stringifyPair;
  }
});

// node_modules/yaml/dist/log.js
var require_log = __commonJS({
  "node_modules/yaml/dist/log.js"(exports) {
    "use strict";
    var node_process = __require("process");
    function debug(logLevel, ...messages) {
      if (logLevel === "debug")
        console.log(...messages);
    }
    function warn(logLevel, warning) {
      if (logLevel === "debug" || logLevel === "warn") {
        if (typeof node_process.emitWarning === "function")
          node_process.emitWarning(warning);
        else
          console.warn(warning);
      }
    }
    exports.debug = debug;
    exports.warn = warn;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/merge.js
var require_merge = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/merge.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var MERGE_KEY = "<<";
    var merge = {
      identify: (value) => value === MERGE_KEY || typeof value === "symbol" && value.description === MERGE_KEY,
      default: "key",
      tag: "tag:yaml.org,2002:merge",
      test: /^<<$/,
      resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
      }),
      stringify: () => MERGE_KEY
    };
    var isMergeKey = (ctx, key) => (merge.identify(key) || identity.isScalar(key) && (!key.type || key.type === Scalar.Scalar.PLAIN) && merge.identify(key.value)) && ctx?.doc.schema.tags.some((tag) => tag.tag === merge.tag && tag.default);
    function addMergeToJSMap(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (identity.isSeq(source))
        for (const it of source.items)
          mergeValue(ctx, map, it);
      else if (Array.isArray(source))
        for (const it of source)
          mergeValue(ctx, map, it);
      else
        mergeValue(ctx, map, source);
    }
    function mergeValue(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (!identity.isMap(source))
        throw new Error("Merge sources must be maps or map aliases");
      const srcMap = source.toJSON(null, ctx, Map);
      for (const [key, value2] of srcMap) {
        if (map instanceof Map) {
          if (!map.has(key))
            map.set(key, value2);
        } else if (map instanceof Set) {
          map.add(key);
        } else if (!Object.prototype.hasOwnProperty.call(map, key)) {
          Object.defineProperty(map, key, {
            value: value2,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
      }
      return map;
    }
    function resolveAliasValue(ctx, value) {
      return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
    }
    exports.addMergeToJSMap = addMergeToJSMap;
    exports.isMergeKey = isMergeKey;
    exports.merge = merge;
  }
});

// node_modules/yaml/dist/nodes/addPairToJSMap.js
var require_addPairToJSMap = __commonJS({
  "node_modules/yaml/dist/nodes/addPairToJSMap.js"(exports) {
    "use strict";
    var log = require_log();
    var merge = require_merge();
    var stringify2 = require_stringify();
    var identity = require_identity();
    var toJS = require_toJS();
    function addPairToJSMap(ctx, map, { key, value }) {
      if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
      else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
      else {
        const jsKey = toJS.toJS(key, "", ctx);
        if (map instanceof Map) {
          map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        } else if (map instanceof Set) {
          map.add(jsKey);
        } else {
          const stringKey = stringifyKey(key, jsKey, ctx);
          const jsValue = toJS.toJS(value, stringKey, ctx);
          if (stringKey in map)
            Object.defineProperty(map, stringKey, {
              value: jsValue,
              writable: true,
              enumerable: true,
              configurable: true
            });
          else
            map[stringKey] = jsValue;
        }
      }
      return map;
    }
    function stringifyKey(key, jsKey, ctx) {
      if (jsKey === null)
        return "";
      if (typeof jsKey !== "object")
        return String(jsKey);
      if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify2.createStringifyContext(ctx.doc, {});
        strCtx.anchors = /* @__PURE__ */ new Set();
        for (const node of ctx.anchors.keys())
          strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
          let jsonStr = JSON.stringify(strKey);
          if (jsonStr.length > 40)
            jsonStr = jsonStr.substring(0, 36) + '..."';
          log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
          ctx.mapKeyWarned = true;
        }
        return strKey;
      }
      return JSON.stringify(jsKey);
    }
    exports.addPairToJSMap = addPairToJSMap;
  }
});

// node_modules/yaml/dist/nodes/Pair.js
var require_Pair = __commonJS({
  "node_modules/yaml/dist/nodes/Pair.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyPair = require_stringifyPair();
    var addPairToJSMap = require_addPairToJSMap();
    var identity = require_identity();
    function createPair(key, value, ctx) {
      const k = createNode.createNode(key, void 0, ctx);
      const v = createNode.createNode(value, void 0, ctx);
      return new Pair(k, v);
    }
    var Pair = class _Pair {
      constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
      }
      clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
          key = key.clone(schema);
        if (identity.isNode(value))
          value = value.clone(schema);
        return new _Pair(key, value);
      }
      toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
      }
      toString(ctx, onComment, onChompKeep) {
        return ctx?.doc ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep) : JSON.stringify(this);
      }
    };
    exports.Pair = Pair;
    exports.createPair = createPair;
  }
});

// node_modules/yaml/dist/stringify/stringifyCollection.js
var require_stringifyCollection = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyCollection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify2 = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyCollection(collection, ctx, options) {
      const flow = ctx.inFlow ?? collection.flow;
      const stringify3 = flow ? stringifyFlowCollection : stringifyBlockCollection;
      return stringify3(collection, ctx, options);
    }
    function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
      const { indent, options: { commentString } } = ctx;
      const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
      let chompKeep = false;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment2 = null;
        if (identity.isNode(item)) {
          if (!chompKeep && item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
          if (item.comment)
            comment2 = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (!chompKeep && ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
          }
        }
        chompKeep = false;
        let str2 = stringify2.stringify(item, itemCtx, () => comment2 = null, () => chompKeep = true);
        if (comment2)
          str2 += stringifyComment.lineComment(str2, itemIndent, commentString(comment2));
        if (chompKeep && comment2)
          chompKeep = false;
        lines.push(blockItemPrefix + str2);
      }
      let str;
      if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
      } else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
          const line = lines[i];
          str += line ? `
${indent}${line}` : "\n";
        }
      }
      if (comment) {
        str += "\n" + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
          onComment();
      } else if (chompKeep && onChompKeep)
        onChompKeep();
      return str;
    }
    function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
      const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
      itemIndent += indentStep;
      const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
      });
      let reqNewline = false;
      let linesAtValue = 0;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
          if (item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, false);
          if (item.comment)
            comment = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, false);
            if (ik.comment)
              reqNewline = true;
          }
          const iv = identity.isNode(item.value) ? item.value : null;
          if (iv) {
            if (iv.comment)
              comment = iv.comment;
            if (iv.commentBefore)
              reqNewline = true;
          } else if (item.value == null && ik?.comment) {
            comment = ik.comment;
          }
        }
        if (comment)
          reqNewline = true;
        let str = stringify2.stringify(item, itemCtx, () => comment = null);
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes("\n"));
        if (i < items.length - 1) {
          str += ",";
        } else if (ctx.options.trailingComma) {
          if (ctx.options.lineWidth > 0) {
            reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) + (str.length + 2) > ctx.options.lineWidth);
          }
          if (reqNewline) {
            str += ",";
          }
        }
        if (comment)
          str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
      }
      const { start, end } = flowChars;
      if (lines.length === 0) {
        return start + end;
      } else {
        if (!reqNewline) {
          const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
          reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
          let str = start;
          for (const line of lines)
            str += line ? `
${indentStep}${indent}${line}` : "\n";
          return `${str}
${indent}${end}`;
        } else {
          return `${start}${fcPadding}${lines.join(" ")}${fcPadding}${end}`;
        }
      }
    }
    function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
      if (comment && chompKeep)
        comment = comment.replace(/^\n+/, "");
      if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart());
      }
    }
    exports.stringifyCollection = stringifyCollection;
  }
});

// node_modules/yaml/dist/nodes/YAMLMap.js
var require_YAMLMap = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLMap.js"(exports) {
    "use strict";
    var stringifyCollection = require_stringifyCollection();
    var addPairToJSMap = require_addPairToJSMap();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    function findPair(items, key) {
      const k = identity.isScalar(key) ? key.value : key;
      for (const it of items) {
        if (identity.isPair(it)) {
          if (it.key === key || it.key === k)
            return it;
          if (identity.isScalar(it.key) && it.key.value === k)
            return it;
        }
      }
      return void 0;
    }
    var YAMLMap = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:map";
      }
      constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
      }
      /**
       * A generic collection parsing method that can be extended
       * to other node classes that inherit from YAMLMap
       */
      static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
          if (typeof replacer === "function")
            value = replacer.call(obj, key, value);
          else if (Array.isArray(replacer) && !replacer.includes(key))
            return;
          if (value !== void 0 || keepUndefined)
            map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
          for (const [key, value] of obj)
            add(key, value);
        } else if (obj && typeof obj === "object") {
          for (const key of Object.keys(obj))
            add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === "function") {
          map.items.sort(schema.sortMapEntries);
        }
        return map;
      }
      /**
       * Adds a value to the collection.
       *
       * @param overwrite - If not set `true`, using a key that is already in the
       *   collection will throw. Otherwise, overwrites the previous value.
       */
      add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
          _pair = pair;
        else if (!pair || typeof pair !== "object" || !("key" in pair)) {
          _pair = new Pair.Pair(pair, pair?.value);
        } else
          _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
          if (!overwrite)
            throw new Error(`Key ${_pair.key} already set`);
          if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
            prev.value.value = _pair.value;
          else
            prev.value = _pair.value;
        } else if (sortEntries) {
          const i = this.items.findIndex((item) => sortEntries(_pair, item) < 0);
          if (i === -1)
            this.items.push(_pair);
          else
            this.items.splice(i, 0, _pair);
        } else {
          this.items.push(_pair);
        }
      }
      delete(key) {
        const it = findPair(this.items, key);
        if (!it)
          return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? void 0;
      }
      has(key) {
        return !!findPair(this.items, key);
      }
      set(key, value) {
        this.add(new Pair.Pair(key, value), true);
      }
      /**
       * @param ctx - Conversion context, originally set in Document#toJS()
       * @param {Class} Type - If set, forces the returned collection type
       * @returns Instance of Type, Map, or Object
       */
      toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const item of this.items)
          addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        for (const item of this.items) {
          if (!identity.isPair(item))
            throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
          ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "",
          flowChars: { start: "{", end: "}" },
          itemIndent: ctx.indent || "",
          onChompKeep,
          onComment
        });
      }
    };
    exports.YAMLMap = YAMLMap;
    exports.findPair = findPair;
  }
});

// node_modules/yaml/dist/schema/common/map.js
var require_map = __commonJS({
  "node_modules/yaml/dist/schema/common/map.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLMap = require_YAMLMap();
    var map = {
      collection: "map",
      default: true,
      nodeClass: YAMLMap.YAMLMap,
      tag: "tag:yaml.org,2002:map",
      resolve(map2, onError) {
        if (!identity.isMap(map2))
          onError("Expected a mapping for this tag");
        return map2;
      },
      createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
    };
    exports.map = map;
  }
});

// node_modules/yaml/dist/nodes/YAMLSeq.js
var require_YAMLSeq = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLSeq.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyCollection = require_stringifyCollection();
    var Collection = require_Collection();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var toJS = require_toJS();
    var YAMLSeq = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:seq";
      }
      constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
      }
      add(value) {
        this.items.push(value);
      }
      /**
       * Removes a value from the collection.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       *
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return void 0;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       */
      has(key) {
        const idx = asItemIndex(key);
        return typeof idx === "number" && idx < this.items.length;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       *
       * If `key` does not contain a representation of an integer, this will throw.
       * It may be wrapped in a `Scalar`.
       */
      set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
          prev.value = value;
        else
          this.items[idx] = value;
      }
      toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
          ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
          seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "- ",
          flowChars: { start: "[", end: "]" },
          itemIndent: (ctx.indent || "") + "  ",
          onChompKeep,
          onComment
        });
      }
      static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
          let i = 0;
          for (let it of obj) {
            if (typeof replacer === "function") {
              const key = obj instanceof Set ? it : String(i++);
              it = replacer.call(obj, key, it);
            }
            seq.items.push(createNode.createNode(it, void 0, ctx));
          }
        }
        return seq;
      }
    };
    function asItemIndex(key) {
      let idx = identity.isScalar(key) ? key.value : key;
      if (idx && typeof idx === "string")
        idx = Number(idx);
      return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : null;
    }
    exports.YAMLSeq = YAMLSeq;
  }
});

// node_modules/yaml/dist/schema/common/seq.js
var require_seq = __commonJS({
  "node_modules/yaml/dist/schema/common/seq.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLSeq = require_YAMLSeq();
    var seq = {
      collection: "seq",
      default: true,
      nodeClass: YAMLSeq.YAMLSeq,
      tag: "tag:yaml.org,2002:seq",
      resolve(seq2, onError) {
        if (!identity.isSeq(seq2))
          onError("Expected a sequence for this tag");
        return seq2;
      },
      createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
    };
    exports.seq = seq;
  }
});

// node_modules/yaml/dist/schema/common/string.js
var require_string = __commonJS({
  "node_modules/yaml/dist/schema/common/string.js"(exports) {
    "use strict";
    var stringifyString = require_stringifyString();
    var string = {
      identify: (value) => typeof value === "string",
      default: true,
      tag: "tag:yaml.org,2002:str",
      resolve: (str) => str,
      stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
      }
    };
    exports.string = string;
  }
});

// node_modules/yaml/dist/schema/common/null.js
var require_null = __commonJS({
  "node_modules/yaml/dist/schema/common/null.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var nullTag = {
      identify: (value) => value == null,
      createNode: () => new Scalar.Scalar(null),
      default: true,
      tag: "tag:yaml.org,2002:null",
      test: /^(?:~|[Nn]ull|NULL)?$/,
      resolve: () => new Scalar.Scalar(null),
      stringify: ({ source }, ctx) => typeof source === "string" && nullTag.test.test(source) ? source : ctx.options.nullStr
    };
    exports.nullTag = nullTag;
  }
});

// node_modules/yaml/dist/schema/core/bool.js
var require_bool = __commonJS({
  "node_modules/yaml/dist/schema/core/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var boolTag = {
      identify: (value) => typeof value === "boolean",
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      resolve: (str) => new Scalar.Scalar(str[0] === "t" || str[0] === "T"),
      stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
          const sv = source[0] === "t" || source[0] === "T";
          if (value === sv)
            return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
      }
    };
    exports.boolTag = boolTag;
  }
});

// node_modules/yaml/dist/stringify/stringifyNumber.js
var require_stringifyNumber = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyNumber.js"(exports) {
    "use strict";
    function stringifyNumber({ format, minFractionDigits, tag, value }) {
      if (typeof value === "bigint")
        return String(value);
      const num = typeof value === "number" ? value : Number(value);
      if (!isFinite(num))
        return isNaN(num) ? ".nan" : num < 0 ? "-.inf" : ".inf";
      let n = Object.is(value, -0) ? "-0" : JSON.stringify(value);
      if (!format && minFractionDigits && (!tag || tag === "tag:yaml.org,2002:float") && /^-?\d/.test(n) && !n.includes("e")) {
        let i = n.indexOf(".");
        if (i < 0) {
          i = n.length;
          n += ".";
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
          n += "0";
      }
      return n;
    }
    exports.stringifyNumber = stringifyNumber;
  }
});

// node_modules/yaml/dist/schema/core/float.js
var require_float = __commonJS({
  "node_modules/yaml/dist/schema/core/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
      resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str));
        const dot = str.indexOf(".");
        if (dot !== -1 && str[str.length - 1] === "0")
          node.minFractionDigits = str.length - dot - 1;
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/core/int.js
var require_int = __commonJS({
  "node_modules/yaml/dist/schema/core/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    var intResolve = (str, offset, radix, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix);
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
      return stringifyNumber.stringifyNumber(node);
    }
    var intOct = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^0o[0-7]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
      stringify: (node) => intStringify(node, 8, "0o")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^0x[0-9a-fA-F]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/core/schema.js
var require_schema = __commonJS({
  "node_modules/yaml/dist/schema/core/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.boolTag,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/json/schema.js
var require_schema2 = __commonJS({
  "node_modules/yaml/dist/schema/json/schema.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var map = require_map();
    var seq = require_seq();
    function intIdentify(value) {
      return typeof value === "bigint" || Number.isInteger(value);
    }
    var stringifyJSON = ({ value }) => JSON.stringify(value);
    var jsonScalars = [
      {
        identify: (value) => typeof value === "string",
        default: true,
        tag: "tag:yaml.org,2002:str",
        resolve: (str) => str,
        stringify: stringifyJSON
      },
      {
        identify: (value) => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: "tag:yaml.org,2002:null",
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
      },
      {
        identify: (value) => typeof value === "boolean",
        default: true,
        tag: "tag:yaml.org,2002:bool",
        test: /^true$|^false$/,
        resolve: (str) => str === "true",
        stringify: stringifyJSON
      },
      {
        identify: intIdentify,
        default: true,
        tag: "tag:yaml.org,2002:int",
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
      },
      {
        identify: (value) => typeof value === "number",
        default: true,
        tag: "tag:yaml.org,2002:float",
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: (str) => parseFloat(str),
        stringify: stringifyJSON
      }
    ];
    var jsonError = {
      default: true,
      tag: "",
      test: /^/,
      resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
      }
    };
    var schema = [map.map, seq.seq].concat(jsonScalars, jsonError);
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/binary.js
var require_binary = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/binary.js"(exports) {
    "use strict";
    var node_buffer = __require("buffer");
    var Scalar = require_Scalar();
    var stringifyString = require_stringifyString();
    var binary = {
      identify: (value) => value instanceof Uint8Array,
      // Buffer inherits from Uint8Array
      default: false,
      tag: "tag:yaml.org,2002:binary",
      /**
       * Returns a Buffer in node and an Uint8Array in browsers
       *
       * To use the resulting buffer as an image, you'll want to do something like:
       *
       *   const blob = new Blob([buffer], { type: 'image/jpeg' })
       *   document.querySelector('#photo').src = URL.createObjectURL(blob)
       */
      resolve(src, onError) {
        if (typeof node_buffer.Buffer === "function") {
          return node_buffer.Buffer.from(src, "base64");
        } else if (typeof atob === "function") {
          const str = atob(src.replace(/[\n\r]/g, ""));
          const buffer = new Uint8Array(str.length);
          for (let i = 0; i < str.length; ++i)
            buffer[i] = str.charCodeAt(i);
          return buffer;
        } else {
          onError("This environment does not support reading binary tags; either Buffer or atob is required");
          return src;
        }
      },
      stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
          return "";
        const buf = value;
        let str;
        if (typeof node_buffer.Buffer === "function") {
          str = buf instanceof node_buffer.Buffer ? buf.toString("base64") : node_buffer.Buffer.from(buf.buffer).toString("base64");
        } else if (typeof btoa === "function") {
          let s = "";
          for (let i = 0; i < buf.length; ++i)
            s += String.fromCharCode(buf[i]);
          str = btoa(s);
        } else {
          throw new Error("This environment does not support writing binary tags; either Buffer or btoa is required");
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
          const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
          const n = Math.ceil(str.length / lineWidth);
          const lines = new Array(n);
          for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
            lines[i] = str.substr(o, lineWidth);
          }
          str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? "\n" : " ");
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
      }
    };
    exports.binary = binary;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/pairs.js
var require_pairs = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/pairs.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLSeq = require_YAMLSeq();
    function resolvePairs(seq, onError) {
      if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
          let item = seq.items[i];
          if (identity.isPair(item))
            continue;
          else if (identity.isMap(item)) {
            if (item.items.length > 1)
              onError("Each pair must have its own sequence indicator");
            const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
            if (item.commentBefore)
              pair.key.commentBefore = pair.key.commentBefore ? `${item.commentBefore}
${pair.key.commentBefore}` : item.commentBefore;
            if (item.comment) {
              const cn = pair.value ?? pair.key;
              cn.comment = cn.comment ? `${item.comment}
${cn.comment}` : item.comment;
            }
            item = pair;
          }
          seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
      } else
        onError("Expected a sequence for this tag");
      return seq;
    }
    function createPairs(schema, iterable, ctx) {
      const { replacer } = ctx;
      const pairs2 = new YAMLSeq.YAMLSeq(schema);
      pairs2.tag = "tag:yaml.org,2002:pairs";
      let i = 0;
      if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
          if (typeof replacer === "function")
            it = replacer.call(iterable, String(i++), it);
          let key, value;
          if (Array.isArray(it)) {
            if (it.length === 2) {
              key = it[0];
              value = it[1];
            } else
              throw new TypeError(`Expected [key, value] tuple: ${it}`);
          } else if (it && it instanceof Object) {
            const keys = Object.keys(it);
            if (keys.length === 1) {
              key = keys[0];
              value = it[key];
            } else {
              throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
            }
          } else {
            key = it;
          }
          pairs2.items.push(Pair.createPair(key, value, ctx));
        }
      return pairs2;
    }
    var pairs = {
      collection: "seq",
      default: false,
      tag: "tag:yaml.org,2002:pairs",
      resolve: resolvePairs,
      createNode: createPairs
    };
    exports.createPairs = createPairs;
    exports.pairs = pairs;
    exports.resolvePairs = resolvePairs;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/omap.js
var require_omap = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/omap.js"(exports) {
    "use strict";
    var identity = require_identity();
    var toJS = require_toJS();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var pairs = require_pairs();
    var YAMLOMap = class _YAMLOMap extends YAMLSeq.YAMLSeq {
      constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = _YAMLOMap.tag;
      }
      /**
       * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
       * but TypeScript won't allow widening the signature of a child method.
       */
      toJSON(_, ctx) {
        if (!ctx)
          return super.toJSON(_);
        const map = /* @__PURE__ */ new Map();
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const pair of this.items) {
          let key, value;
          if (identity.isPair(pair)) {
            key = toJS.toJS(pair.key, "", ctx);
            value = toJS.toJS(pair.value, key, ctx);
          } else {
            key = toJS.toJS(pair, "", ctx);
          }
          if (map.has(key))
            throw new Error("Ordered maps must not include duplicate keys");
          map.set(key, value);
        }
        return map;
      }
      static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap2 = new this();
        omap2.items = pairs$1.items;
        return omap2;
      }
    };
    YAMLOMap.tag = "tag:yaml.org,2002:omap";
    var omap = {
      collection: "seq",
      identify: (value) => value instanceof Map,
      nodeClass: YAMLOMap,
      default: false,
      tag: "tag:yaml.org,2002:omap",
      resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
          if (identity.isScalar(key)) {
            if (seenKeys.includes(key.value)) {
              onError(`Ordered maps must not include duplicate keys: ${key.value}`);
            } else {
              seenKeys.push(key.value);
            }
          }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
      },
      createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
    };
    exports.YAMLOMap = YAMLOMap;
    exports.omap = omap;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/bool.js
var require_bool2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function boolStringify({ value, source }, ctx) {
      const boolObj = value ? trueTag : falseTag;
      if (source && boolObj.test.test(source))
        return source;
      return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
    var trueTag = {
      identify: (value) => value === true,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
      resolve: () => new Scalar.Scalar(true),
      stringify: boolStringify
    };
    var falseTag = {
      identify: (value) => value === false,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      resolve: () => new Scalar.Scalar(false),
      stringify: boolStringify
    };
    exports.falseTag = falseTag;
    exports.trueTag = trueTag;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/float.js
var require_float2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str.replace(/_/g, "")),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
      resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, "")));
        const dot = str.indexOf(".");
        if (dot !== -1) {
          const f = str.substring(dot + 1).replace(/_/g, "");
          if (f[f.length - 1] === "0")
            node.minFractionDigits = f.length;
        }
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/int.js
var require_int2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    function intResolve(str, offset, radix, { intAsBigInt }) {
      const sign2 = str[0];
      if (sign2 === "-" || sign2 === "+")
        offset += 1;
      str = str.substring(offset).replace(/_/g, "");
      if (intAsBigInt) {
        switch (radix) {
          case 2:
            str = `0b${str}`;
            break;
          case 8:
            str = `0o${str}`;
            break;
          case 16:
            str = `0x${str}`;
            break;
        }
        const n2 = BigInt(str);
        return sign2 === "-" ? BigInt(-1) * n2 : n2;
      }
      const n = parseInt(str, radix);
      return sign2 === "-" ? -1 * n : n;
    }
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? "-" + prefix + str.substr(1) : prefix + str;
      }
      return stringifyNumber.stringifyNumber(node);
    }
    var intBin = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "BIN",
      test: /^[-+]?0b[0-1_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
      stringify: (node) => intStringify(node, 2, "0b")
    };
    var intOct = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^[-+]?0[0-7_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
      stringify: (node) => intStringify(node, 8, "0")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9][0-9_]*$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^[-+]?0x[0-9a-fA-F_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intBin = intBin;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/set.js
var require_set = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/set.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSet = class _YAMLSet extends YAMLMap.YAMLMap {
      constructor(schema) {
        super(schema);
        this.tag = _YAMLSet.tag;
      }
      add(key) {
        let pair;
        if (identity.isPair(key))
          pair = key;
        else if (key && typeof key === "object" && "key" in key && "value" in key && key.value === null)
          pair = new Pair.Pair(key.key, null);
        else
          pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
          this.items.push(pair);
      }
      /**
       * If `keepPair` is `true`, returns the Pair matching `key`.
       * Otherwise, returns the value of that Pair's key.
       */
      get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair) ? identity.isScalar(pair.key) ? pair.key.value : pair.key : pair;
      }
      set(key, value) {
        if (typeof value !== "boolean")
          throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
          this.items.splice(this.items.indexOf(prev), 1);
        } else if (!prev && value) {
          this.items.push(new Pair.Pair(key));
        }
      }
      toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        if (this.hasAllNullValues(true))
          return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
          throw new Error("Set items must all have null values");
      }
      static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set2 = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
          for (let value of iterable) {
            if (typeof replacer === "function")
              value = replacer.call(iterable, value, value);
            set2.items.push(Pair.createPair(value, null, ctx));
          }
        return set2;
      }
    };
    YAMLSet.tag = "tag:yaml.org,2002:set";
    var set = {
      collection: "map",
      identify: (value) => value instanceof Set,
      nodeClass: YAMLSet,
      default: false,
      tag: "tag:yaml.org,2002:set",
      createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
      resolve(map, onError) {
        if (identity.isMap(map)) {
          if (map.hasAllNullValues(true))
            return Object.assign(new YAMLSet(), map);
          else
            onError("Set items must all have null values");
        } else
          onError("Expected a mapping for this tag");
        return map;
      }
    };
    exports.YAMLSet = YAMLSet;
    exports.set = set;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/timestamp.js
var require_timestamp = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/timestamp.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    function parseSexagesimal(str, asBigInt2) {
      const sign2 = str[0];
      const parts = sign2 === "-" || sign2 === "+" ? str.substring(1) : str;
      const num = (n) => asBigInt2 ? BigInt(n) : Number(n);
      const res = parts.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num(60) + num(p), num(0));
      return sign2 === "-" ? num(-1) * res : res;
    }
    function stringifySexagesimal(node) {
      let { value } = node;
      let num = (n) => n;
      if (typeof value === "bigint")
        num = (n) => BigInt(n);
      else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
      let sign2 = "";
      if (value < 0) {
        sign2 = "-";
        value *= num(-1);
      }
      const _60 = num(60);
      const parts = [value % _60];
      if (value < 60) {
        parts.unshift(0);
      } else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60);
        if (value >= 60) {
          value = (value - parts[0]) / _60;
          parts.unshift(value);
        }
      }
      return sign2 + parts.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
    }
    var intTime = {
      identify: (value) => typeof value === "bigint" || Number.isInteger(value),
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
      resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
      stringify: stringifySexagesimal
    };
    var floatTime = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
      resolve: (str) => parseSexagesimal(str, false),
      stringify: stringifySexagesimal
    };
    var timestamp = {
      identify: (value) => value instanceof Date,
      default: true,
      tag: "tag:yaml.org,2002:timestamp",
      // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
      // may be omitted altogether, resulting in a date format. In such a case, the time part is
      // assumed to be 00:00:00Z (start of day, UTC).
      test: RegExp("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$"),
      resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
          throw new Error("!!timestamp expects a date, starting with yyyy-mm-dd");
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + "00").substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== "Z") {
          let d = parseSexagesimal(tz, false);
          if (Math.abs(d) < 30)
            d *= 60;
          date -= 6e4 * d;
        }
        return new Date(date);
      },
      stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, "") ?? ""
    };
    exports.floatTime = floatTime;
    exports.intTime = intTime;
    exports.timestamp = timestamp;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/schema.js
var require_schema3 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var binary = require_binary();
    var bool = require_bool2();
    var float = require_float2();
    var int = require_int2();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var set = require_set();
    var timestamp = require_timestamp();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.trueTag,
      bool.falseTag,
      int.intBin,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float,
      binary.binary,
      merge.merge,
      omap.omap,
      pairs.pairs,
      set.set,
      timestamp.intTime,
      timestamp.floatTime,
      timestamp.timestamp
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/tags.js
var require_tags = __commonJS({
  "node_modules/yaml/dist/schema/tags.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = require_schema();
    var schema$1 = require_schema2();
    var binary = require_binary();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var schema$2 = require_schema3();
    var set = require_set();
    var timestamp = require_timestamp();
    var schemas = /* @__PURE__ */ new Map([
      ["core", schema.schema],
      ["failsafe", [map.map, seq.seq, string.string]],
      ["json", schema$1.schema],
      ["yaml11", schema$2.schema],
      ["yaml-1.1", schema$2.schema]
    ]);
    var tagsByName = {
      binary: binary.binary,
      bool: bool.boolTag,
      float: float.float,
      floatExp: float.floatExp,
      floatNaN: float.floatNaN,
      floatTime: timestamp.floatTime,
      int: int.int,
      intHex: int.intHex,
      intOct: int.intOct,
      intTime: timestamp.intTime,
      map: map.map,
      merge: merge.merge,
      null: _null.nullTag,
      omap: omap.omap,
      pairs: pairs.pairs,
      seq: seq.seq,
      set: set.set,
      timestamp: timestamp.timestamp
    };
    var coreKnownTags = {
      "tag:yaml.org,2002:binary": binary.binary,
      "tag:yaml.org,2002:merge": merge.merge,
      "tag:yaml.org,2002:omap": omap.omap,
      "tag:yaml.org,2002:pairs": pairs.pairs,
      "tag:yaml.org,2002:set": set.set,
      "tag:yaml.org,2002:timestamp": timestamp.timestamp
    };
    function getTags(customTags, schemaName, addMergeTag) {
      const schemaTags = schemas.get(schemaName);
      if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge) ? schemaTags.concat(merge.merge) : schemaTags.slice();
      }
      let tags = schemaTags;
      if (!tags) {
        if (Array.isArray(customTags))
          tags = [];
        else {
          const keys = Array.from(schemas.keys()).filter((key) => key !== "yaml11").map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
      }
      if (Array.isArray(customTags)) {
        for (const tag of customTags)
          tags = tags.concat(tag);
      } else if (typeof customTags === "function") {
        tags = customTags(tags.slice());
      }
      if (addMergeTag)
        tags = tags.concat(merge.merge);
      return tags.reduce((tags2, tag) => {
        const tagObj = typeof tag === "string" ? tagsByName[tag] : tag;
        if (!tagObj) {
          const tagName = JSON.stringify(tag);
          const keys = Object.keys(tagsByName).map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags2.includes(tagObj))
          tags2.push(tagObj);
        return tags2;
      }, []);
    }
    exports.coreKnownTags = coreKnownTags;
    exports.getTags = getTags;
  }
});

// node_modules/yaml/dist/schema/Schema.js
var require_Schema = __commonJS({
  "node_modules/yaml/dist/schema/Schema.js"(exports) {
    "use strict";
    var identity = require_identity();
    var map = require_map();
    var seq = require_seq();
    var string = require_string();
    var tags = require_tags();
    var sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    var Schema = class _Schema {
      constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat) ? tags.getTags(compat, "compat") : compat ? tags.getTags(null, compat) : null;
        this.name = typeof schema === "string" && schema || "core";
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        this.sortMapEntries = typeof sortMapEntries === "function" ? sortMapEntries : sortMapEntries === true ? sortMapEntriesByKey : null;
      }
      clone() {
        const copy = Object.create(_Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
      }
    };
    exports.Schema = Schema;
  }
});

// node_modules/yaml/dist/stringify/stringifyDocument.js
var require_stringifyDocument = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyDocument.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify2 = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyDocument(doc, options) {
      const lines = [];
      let hasDirectives = options.directives === true;
      if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
          lines.push(dir);
          hasDirectives = true;
        } else if (doc.directives.docStart)
          hasDirectives = true;
      }
      if (hasDirectives)
        lines.push("---");
      const ctx = stringify2.createStringifyContext(doc, options);
      const { commentString } = ctx.options;
      if (doc.commentBefore) {
        if (lines.length !== 1)
          lines.unshift("");
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ""));
      }
      let chompKeep = false;
      let contentComment = null;
      if (doc.contents) {
        if (identity.isNode(doc.contents)) {
          if (doc.contents.spaceBefore && hasDirectives)
            lines.push("");
          if (doc.contents.commentBefore) {
            const cs = commentString(doc.contents.commentBefore);
            lines.push(stringifyComment.indentComment(cs, ""));
          }
          ctx.forceBlockIndent = !!doc.comment;
          contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? void 0 : () => chompKeep = true;
        let body = stringify2.stringify(doc.contents, ctx, () => contentComment = null, onChompKeep);
        if (contentComment)
          body += stringifyComment.lineComment(body, "", commentString(contentComment));
        if ((body[0] === "|" || body[0] === ">") && lines[lines.length - 1] === "---") {
          lines[lines.length - 1] = `--- ${body}`;
        } else
          lines.push(body);
      } else {
        lines.push(stringify2.stringify(doc.contents, ctx));
      }
      if (doc.directives?.docEnd) {
        if (doc.comment) {
          const cs = commentString(doc.comment);
          if (cs.includes("\n")) {
            lines.push("...");
            lines.push(stringifyComment.indentComment(cs, ""));
          } else {
            lines.push(`... ${cs}`);
          }
        } else {
          lines.push("...");
        }
      } else {
        let dc = doc.comment;
        if (dc && chompKeep)
          dc = dc.replace(/^\n+/, "");
        if (dc) {
          if ((!chompKeep || contentComment) && lines[lines.length - 1] !== "")
            lines.push("");
          lines.push(stringifyComment.indentComment(commentString(dc), ""));
        }
      }
      return lines.join("\n") + "\n";
    }
    exports.stringifyDocument = stringifyDocument;
  }
});

// node_modules/yaml/dist/doc/Document.js
var require_Document = __commonJS({
  "node_modules/yaml/dist/doc/Document.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var toJS = require_toJS();
    var Schema = require_Schema();
    var stringifyDocument = require_stringifyDocument();
    var anchors = require_anchors();
    var applyReviver = require_applyReviver();
    var createNode = require_createNode();
    var directives = require_directives();
    var Document = class _Document {
      constructor(value, replacer, options) {
        this.commentBefore = null;
        this.comment = null;
        this.errors = [];
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === "function" || Array.isArray(replacer)) {
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const opt = Object.assign({
          intAsBigInt: false,
          keepSourceTokens: false,
          logLevel: "warn",
          prettyErrors: true,
          strict: true,
          stringKeys: false,
          uniqueKeys: true,
          version: "1.2"
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
          this.directives = options._directives.atDocument();
          if (this.directives.yaml.explicit)
            version = this.directives.yaml.version;
        } else
          this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        this.contents = value === void 0 ? null : this.createNode(value, _replacer, options);
      }
      /**
       * Create a deep copy of this Document and its contents.
       *
       * Custom Node values that inherit from `Object` still refer to their original instances.
       */
      clone() {
        const copy = Object.create(_Document.prototype, {
          [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
          copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        copy.contents = identity.isNode(this.contents) ? this.contents.clone(copy.schema) : this.contents;
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** Adds a value to the document. */
      add(value) {
        if (assertCollection(this.contents))
          this.contents.add(value);
      }
      /** Adds a value to the document. */
      addIn(path10, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path10, value);
      }
      /**
       * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
       *
       * If `node` already has an anchor, `name` is ignored.
       * Otherwise, the `node.anchor` value will be set to `name`,
       * or if an anchor with that name is already present in the document,
       * `name` will be used as a prefix for a new unique anchor.
       * If `name` is undefined, the generated anchor will use 'a' as a prefix.
       */
      createAlias(node, name) {
        if (!node.anchor) {
          const prev = anchors.anchorNames(this);
          node.anchor = // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          !name || prev.has(name) ? anchors.findNewAnchor(name || "a", prev) : name;
        }
        return new Alias.Alias(node.anchor);
      }
      createNode(value, replacer, options) {
        let _replacer = void 0;
        if (typeof replacer === "function") {
          value = replacer.call({ "": value }, "", value);
          _replacer = replacer;
        } else if (Array.isArray(replacer)) {
          const keyToStr = (v) => typeof v === "number" || v instanceof String || v instanceof Number;
          const asStr = replacer.filter(keyToStr).map(String);
          if (asStr.length > 0)
            replacer = replacer.concat(asStr);
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(
          this,
          // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          anchorPrefix || "a"
        );
        const ctx = {
          aliasDuplicateObjects: aliasDuplicateObjects ?? true,
          keepUndefined: keepUndefined ?? false,
          onAnchor,
          onTagObj,
          replacer: _replacer,
          schema: this.schema,
          sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
          node.flow = true;
        setAnchors();
        return node;
      }
      /**
       * Convert a key and a value into a `Pair` using the current schema,
       * recursively wrapping all values as `Scalar` or `Collection` nodes.
       */
      createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path10) {
        if (Collection.isEmptyPath(path10)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path10) : false;
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      get(key, keepScalar) {
        return identity.isCollection(this.contents) ? this.contents.get(key, keepScalar) : void 0;
      }
      /**
       * Returns item at `path`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path10, keepScalar) {
        if (Collection.isEmptyPath(path10))
          return !keepScalar && identity.isScalar(this.contents) ? this.contents.value : this.contents;
        return identity.isCollection(this.contents) ? this.contents.getIn(path10, keepScalar) : void 0;
      }
      /**
       * Checks if the document includes a value with the key `key`.
       */
      has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
      }
      /**
       * Checks if the document includes a value at `path`.
       */
      hasIn(path10) {
        if (Collection.isEmptyPath(path10))
          return this.contents !== void 0;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path10) : false;
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      set(key, value) {
        if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, [key], value);
        } else if (assertCollection(this.contents)) {
          this.contents.set(key, value);
        }
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path10, value) {
        if (Collection.isEmptyPath(path10)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, Array.from(path10), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path10, value);
        }
      }
      /**
       * Change the YAML version and schema used by the document.
       * A `null` version disables support for directives, explicit tags, anchors, and aliases.
       * It also requires the `schema` option to be given as a `Schema` instance value.
       *
       * Overrides all previously set schema options.
       */
      setSchema(version, options = {}) {
        if (typeof version === "number")
          version = String(version);
        let opt;
        switch (version) {
          case "1.1":
            if (this.directives)
              this.directives.yaml.version = "1.1";
            else
              this.directives = new directives.Directives({ version: "1.1" });
            opt = { resolveKnownTags: false, schema: "yaml-1.1" };
            break;
          case "1.2":
          case "next":
            if (this.directives)
              this.directives.yaml.version = version;
            else
              this.directives = new directives.Directives({ version });
            opt = { resolveKnownTags: true, schema: "core" };
            break;
          case null:
            if (this.directives)
              delete this.directives;
            opt = null;
            break;
          default: {
            const sv = JSON.stringify(version);
            throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
          }
        }
        if (options.schema instanceof Object)
          this.schema = options.schema;
        else if (opt)
          this.schema = new Schema.Schema(Object.assign(opt, options));
        else
          throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
      }
      // json & jsonArg are only used from toJSON()
      toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc: this,
          keep: !json,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? "", ctx);
        if (typeof onAnchor === "function")
          for (const { count: count2, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count2);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
      /**
       * A JSON representation of the document `contents`.
       *
       * @param jsonArg Used by `JSON.stringify` to indicate the array index or
       *   property name.
       */
      toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
      }
      /** A YAML representation of the document. */
      toString(options = {}) {
        if (this.errors.length > 0)
          throw new Error("Document with errors cannot be stringified");
        if ("indent" in options && (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
          const s = JSON.stringify(options.indent);
          throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
      }
    };
    function assertCollection(contents) {
      if (identity.isCollection(contents))
        return true;
      throw new Error("Expected a YAML collection as document contents");
    }
    exports.Document = Document;
  }
});

// node_modules/yaml/dist/errors.js
var require_errors = __commonJS({
  "node_modules/yaml/dist/errors.js"(exports) {
    "use strict";
    var YAMLError = class extends Error {
      constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
      }
    };
    var YAMLParseError = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLParseError", pos, code, message);
      }
    };
    var YAMLWarning = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLWarning", pos, code, message);
      }
    };
    var prettifyError = (src, lc) => (error) => {
      if (error.pos[0] === -1)
        return;
      error.linePos = error.pos.map((pos) => lc.linePos(pos));
      const { line, col } = error.linePos[0];
      error.message += ` at line ${line}, column ${col}`;
      let ci = col - 1;
      let lineStr = src.substring(lc.lineStarts[line - 1], lc.lineStarts[line]).replace(/[\n\r]+$/, "");
      if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = "\u2026" + lineStr.substring(trimStart);
        ci -= trimStart - 1;
      }
      if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + "\u2026";
      if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
          prev = prev.substring(0, 79) + "\u2026\n";
        lineStr = prev + lineStr;
      }
      if (/[^ ]/.test(lineStr)) {
        let count2 = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
          count2 = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count2);
        error.message += `:

${lineStr}
${pointer}
`;
      }
    };
    exports.YAMLError = YAMLError;
    exports.YAMLParseError = YAMLParseError;
    exports.YAMLWarning = YAMLWarning;
    exports.prettifyError = prettifyError;
  }
});

// node_modules/yaml/dist/compose/resolve-props.js
var require_resolve_props = __commonJS({
  "node_modules/yaml/dist/compose/resolve-props.js"(exports) {
    "use strict";
    function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
      let spaceBefore = false;
      let atNewline = startOnNewline;
      let hasSpace = startOnNewline;
      let comment = "";
      let commentSep = "";
      let hasNewline = false;
      let reqSpace = false;
      let tab = null;
      let anchor = null;
      let tag = null;
      let newlineAfterProp = null;
      let comma = null;
      let found = null;
      let start = null;
      for (const token of tokens) {
        if (reqSpace) {
          if (token.type !== "space" && token.type !== "newline" && token.type !== "comma")
            onError(token.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
          reqSpace = false;
        }
        if (tab) {
          if (atNewline && token.type !== "comment" && token.type !== "newline") {
            onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
          }
          tab = null;
        }
        switch (token.type) {
          case "space":
            if (!flow && (indicator !== "doc-start" || next?.type !== "flow-collection") && token.source.includes("	")) {
              tab = token;
            }
            hasSpace = true;
            break;
          case "comment": {
            if (!hasSpace)
              onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
            const cb = token.source.substring(1) || " ";
            if (!comment)
              comment = cb;
            else
              comment += commentSep + cb;
            commentSep = "";
            atNewline = false;
            break;
          }
          case "newline":
            if (atNewline) {
              if (comment)
                comment += token.source;
              else if (!found || indicator !== "seq-item-ind")
                spaceBefore = true;
            } else
              commentSep += token.source;
            atNewline = true;
            hasNewline = true;
            if (anchor || tag)
              newlineAfterProp = token;
            hasSpace = true;
            break;
          case "anchor":
            if (anchor)
              onError(token, "MULTIPLE_ANCHORS", "A node can have at most one anchor");
            if (token.source.endsWith(":"))
              onError(token.offset + token.source.length - 1, "BAD_ALIAS", "Anchor ending in : is ambiguous", true);
            anchor = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          case "tag": {
            if (tag)
              onError(token, "MULTIPLE_TAGS", "A node can have at most one tag");
            tag = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          }
          case indicator:
            if (anchor || tag)
              onError(token, "BAD_PROP_ORDER", `Anchors and tags must be after the ${token.source} indicator`);
            if (found)
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.source} in ${flow ?? "collection"}`);
            found = token;
            atNewline = indicator === "seq-item-ind" || indicator === "explicit-key-ind";
            hasSpace = false;
            break;
          case "comma":
            if (flow) {
              if (comma)
                onError(token, "UNEXPECTED_TOKEN", `Unexpected , in ${flow}`);
              comma = token;
              atNewline = false;
              hasSpace = false;
              break;
            }
          // else fallthrough
          default:
            onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.type} token`);
            atNewline = false;
            hasSpace = false;
        }
      }
      const last = tokens[tokens.length - 1];
      const end = last ? last.offset + last.source.length : offset;
      if (reqSpace && next && next.type !== "space" && next.type !== "newline" && next.type !== "comma" && (next.type !== "scalar" || next.source !== "")) {
        onError(next.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
      }
      if (tab && (atNewline && tab.indent <= parentIndent || next?.type === "block-map" || next?.type === "block-seq"))
        onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
      return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
      };
    }
    exports.resolveProps = resolveProps;
  }
});

// node_modules/yaml/dist/compose/util-contains-newline.js
var require_util_contains_newline = __commonJS({
  "node_modules/yaml/dist/compose/util-contains-newline.js"(exports) {
    "use strict";
    function containsNewline(key) {
      if (!key)
        return null;
      switch (key.type) {
        case "alias":
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          if (key.source.includes("\n"))
            return true;
          if (key.end) {
            for (const st of key.end)
              if (st.type === "newline")
                return true;
          }
          return false;
        case "flow-collection":
          for (const it of key.items) {
            for (const st of it.start)
              if (st.type === "newline")
                return true;
            if (it.sep) {
              for (const st of it.sep)
                if (st.type === "newline")
                  return true;
            }
            if (containsNewline(it.key) || containsNewline(it.value))
              return true;
          }
          return false;
        default:
          return true;
      }
    }
    exports.containsNewline = containsNewline;
  }
});

// node_modules/yaml/dist/compose/util-flow-indent-check.js
var require_util_flow_indent_check = __commonJS({
  "node_modules/yaml/dist/compose/util-flow-indent-check.js"(exports) {
    "use strict";
    var utilContainsNewline = require_util_contains_newline();
    function flowIndentCheck(indent, fc, onError) {
      if (fc?.type === "flow-collection") {
        const end = fc.end[0];
        if (end.indent === indent && (end.source === "]" || end.source === "}") && utilContainsNewline.containsNewline(fc)) {
          const msg = "Flow end indicator should be more indented than parent";
          onError(end, "BAD_INDENT", msg, true);
        }
      }
    }
    exports.flowIndentCheck = flowIndentCheck;
  }
});

// node_modules/yaml/dist/compose/util-map-includes.js
var require_util_map_includes = __commonJS({
  "node_modules/yaml/dist/compose/util-map-includes.js"(exports) {
    "use strict";
    var identity = require_identity();
    function mapIncludes(ctx, items, search) {
      const { uniqueKeys } = ctx.options;
      if (uniqueKeys === false)
        return false;
      const isEqual = typeof uniqueKeys === "function" ? uniqueKeys : (a, b) => a === b || identity.isScalar(a) && identity.isScalar(b) && a.value === b.value;
      return items.some((pair) => isEqual(pair.key, search));
    }
    exports.mapIncludes = mapIncludes;
  }
});

// node_modules/yaml/dist/compose/resolve-block-map.js
var require_resolve_block_map = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-map.js"(exports) {
    "use strict";
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    var utilMapIncludes = require_util_map_includes();
    var startColMsg = "All mapping items must start at the same column";
    function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
      const map = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      let offset = bm.offset;
      let commentEnd = null;
      for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        const keyProps = resolveProps.resolveProps(start, {
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: bm.indent,
          startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
          if (key) {
            if (key.type === "block-seq")
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "A block sequence may not be used as an implicit map key");
            else if ("indent" in key && key.indent !== bm.indent)
              onError(offset, "BAD_INDENT", startColMsg);
          }
          if (!keyProps.anchor && !keyProps.tag && !sep) {
            commentEnd = keyProps.end;
            if (keyProps.comment) {
              if (map.comment)
                map.comment += "\n" + keyProps.comment;
              else
                map.comment = keyProps.comment;
            }
            continue;
          }
          if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
            onError(key ?? start[start.length - 1], "MULTILINE_IMPLICIT_KEY", "Implicit keys need to be on a single line");
          }
        } else if (keyProps.found?.indent !== bm.indent) {
          onError(offset, "BAD_INDENT", startColMsg);
        }
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key ? composeNode(ctx, key, keyProps, onError) : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
          onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
        const valueProps = resolveProps.resolveProps(sep ?? [], {
          indicator: "map-value-ind",
          next: value,
          offset: keyNode.range[2],
          onError,
          parentIndent: bm.indent,
          startOnNewline: !key || key.type === "block-scalar"
        });
        offset = valueProps.end;
        if (valueProps.found) {
          if (implicitKey) {
            if (value?.type === "block-map" && !valueProps.hasNewline)
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "Nested mappings are not allowed in compact mappings");
            if (ctx.options.strict && keyProps.start < valueProps.found.offset - 1024)
              onError(keyNode.range, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit block mapping key");
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
          if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
          offset = valueNode.range[2];
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        } else {
          if (implicitKey)
            onError(keyNode.range, "MISSING_CHAR", "Implicit map keys need to be followed by map values");
          if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        }
      }
      if (commentEnd && commentEnd < offset)
        onError(commentEnd, "IMPOSSIBLE", "Map comment with trailing content");
      map.range = [bm.offset, offset, commentEnd ?? offset];
      return map;
    }
    exports.resolveBlockMap = resolveBlockMap;
  }
});

// node_modules/yaml/dist/compose/resolve-block-seq.js
var require_resolve_block_seq = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-seq.js"(exports) {
    "use strict";
    var YAMLSeq = require_YAMLSeq();
    var resolveProps = require_resolve_props();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
      const seq = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = bs.offset;
      let commentEnd = null;
      for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
          indicator: "seq-item-ind",
          next: value,
          offset,
          onError,
          parentIndent: bs.indent,
          startOnNewline: true
        });
        if (!props.found) {
          if (props.anchor || props.tag || value) {
            if (value?.type === "block-seq")
              onError(props.end, "BAD_INDENT", "All sequence items must start at the same column");
            else
              onError(offset, "MISSING_CHAR", "Sequence item without - indicator");
          } else {
            commentEnd = props.end;
            if (props.comment)
              seq.comment = props.comment;
            continue;
          }
        }
        const node = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
      }
      seq.range = [bs.offset, offset, commentEnd ?? offset];
      return seq;
    }
    exports.resolveBlockSeq = resolveBlockSeq;
  }
});

// node_modules/yaml/dist/compose/resolve-end.js
var require_resolve_end = __commonJS({
  "node_modules/yaml/dist/compose/resolve-end.js"(exports) {
    "use strict";
    function resolveEnd(end, offset, reqSpace, onError) {
      let comment = "";
      if (end) {
        let hasSpace = false;
        let sep = "";
        for (const token of end) {
          const { source, type } = token;
          switch (type) {
            case "space":
              hasSpace = true;
              break;
            case "comment": {
              if (reqSpace && !hasSpace)
                onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
              const cb = source.substring(1) || " ";
              if (!comment)
                comment = cb;
              else
                comment += sep + cb;
              sep = "";
              break;
            }
            case "newline":
              if (comment)
                sep += source;
              hasSpace = true;
              break;
            default:
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${type} at node end`);
          }
          offset += source.length;
        }
      }
      return { comment, offset };
    }
    exports.resolveEnd = resolveEnd;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-collection.js
var require_resolve_flow_collection = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilMapIncludes = require_util_map_includes();
    var blockMsg = "Block collections are not allowed within flow collections";
    var isBlock = (token) => token && (token.type === "block-map" || token.type === "block-seq");
    function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
      const isMap = fc.start.source === "{";
      const fcName = isMap ? "flow map" : "flow sequence";
      const NodeClass = tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq);
      const coll = new NodeClass(ctx.schema);
      coll.flow = true;
      const atRoot = ctx.atRoot;
      if (atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = fc.offset + fc.start.source.length;
      for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
          flow: fcName,
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: fc.indent,
          startOnNewline: false
        });
        if (!props.found) {
          if (!props.anchor && !props.tag && !sep && !value) {
            if (i === 0 && props.comma)
              onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
            else if (i < fc.items.length - 1)
              onError(props.start, "UNEXPECTED_TOKEN", `Unexpected empty item in ${fcName}`);
            if (props.comment) {
              if (coll.comment)
                coll.comment += "\n" + props.comment;
              else
                coll.comment = props.comment;
            }
            offset = props.end;
            continue;
          }
          if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
            onError(
              key,
              // checked by containsNewline()
              "MULTILINE_IMPLICIT_KEY",
              "Implicit keys of flow sequence pairs need to be on a single line"
            );
        }
        if (i === 0) {
          if (props.comma)
            onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
        } else {
          if (!props.comma)
            onError(props.start, "MISSING_CHAR", `Missing , between ${fcName} items`);
          if (props.comment) {
            let prevItemComment = "";
            loop: for (const st of start) {
              switch (st.type) {
                case "comma":
                case "space":
                  break;
                case "comment":
                  prevItemComment = st.source.substring(1);
                  break loop;
                default:
                  break loop;
              }
            }
            if (prevItemComment) {
              let prev = coll.items[coll.items.length - 1];
              if (identity.isPair(prev))
                prev = prev.value ?? prev.key;
              if (prev.comment)
                prev.comment += "\n" + prevItemComment;
              else
                prev.comment = prevItemComment;
              props.comment = props.comment.substring(prevItemComment.length + 1);
            }
          }
        }
        if (!isMap && !sep && !props.found) {
          const valueNode = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, sep, null, props, onError);
          coll.items.push(valueNode);
          offset = valueNode.range[2];
          if (isBlock(value))
            onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
        } else {
          ctx.atKey = true;
          const keyStart = props.end;
          const keyNode = key ? composeNode(ctx, key, props, onError) : composeEmptyNode(ctx, keyStart, start, null, props, onError);
          if (isBlock(key))
            onError(keyNode.range, "BLOCK_IN_FLOW", blockMsg);
          ctx.atKey = false;
          const valueProps = resolveProps.resolveProps(sep ?? [], {
            flow: fcName,
            indicator: "map-value-ind",
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
          });
          if (valueProps.found) {
            if (!isMap && !props.found && ctx.options.strict) {
              if (sep)
                for (const st of sep) {
                  if (st === valueProps.found)
                    break;
                  if (st.type === "newline") {
                    onError(st, "MULTILINE_IMPLICIT_KEY", "Implicit keys of flow sequence pairs need to be on a single line");
                    break;
                  }
                }
              if (props.start < valueProps.found.offset - 1024)
                onError(valueProps.found, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key");
            }
          } else if (value) {
            if ("source" in value && value.source?.[0] === ":")
              onError(value, "MISSING_CHAR", `Missing space after : in ${fcName}`);
            else
              onError(valueProps.start, "MISSING_CHAR", `Missing , or : between ${fcName} items`);
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : valueProps.found ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError) : null;
          if (valueNode) {
            if (isBlock(value))
              onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
          } else if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          if (isMap) {
            const map = coll;
            if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
              onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
            map.items.push(pair);
          } else {
            const map = new YAMLMap.YAMLMap(ctx.schema);
            map.flow = true;
            map.items.push(pair);
            const endRange = (valueNode ?? keyNode).range;
            map.range = [keyNode.range[0], endRange[1], endRange[2]];
            coll.items.push(map);
          }
          offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
      }
      const expectedEnd = isMap ? "}" : "]";
      const [ce, ...ee] = fc.end;
      let cePos = offset;
      if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
      else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? "MISSING_CHAR" : "BAD_INDENT", msg);
        if (ce && ce.source.length !== 1)
          ee.unshift(ce);
      }
      if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
          if (coll.comment)
            coll.comment += "\n" + end.comment;
          else
            coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
      } else {
        coll.range = [fc.offset, cePos, cePos];
      }
      return coll;
    }
    exports.resolveFlowCollection = resolveFlowCollection;
  }
});

// node_modules/yaml/dist/compose/compose-collection.js
var require_compose_collection = __commonJS({
  "node_modules/yaml/dist/compose/compose-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveBlockMap = require_resolve_block_map();
    var resolveBlockSeq = require_resolve_block_seq();
    var resolveFlowCollection = require_resolve_flow_collection();
    function resolveCollection(CN, ctx, token, onError, tagName, tag) {
      const coll = token.type === "block-map" ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag) : token.type === "block-seq" ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag) : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
      const Coll = coll.constructor;
      if (tagName === "!" || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
      }
      if (tagName)
        coll.tag = tagName;
      return coll;
    }
    function composeCollection(CN, ctx, token, props, onError) {
      const tagToken = props.tag;
      const tagName = !tagToken ? null : ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg));
      if (token.type === "block-seq") {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken ? anchor.offset > tagToken.offset ? anchor : tagToken : anchor ?? tagToken;
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
          const message = "Missing newline after block sequence props";
          onError(lastProp, "MISSING_CHAR", message);
        }
      }
      const expType = token.type === "block-map" ? "map" : token.type === "block-seq" ? "seq" : token.start.source === "{" ? "map" : "seq";
      if (!tagToken || !tagName || tagName === "!" || tagName === YAMLMap.YAMLMap.tagName && expType === "map" || tagName === YAMLSeq.YAMLSeq.tagName && expType === "seq") {
        return resolveCollection(CN, ctx, token, onError, tagName);
      }
      let tag = ctx.schema.tags.find((t) => t.tag === tagName && t.collection === expType);
      if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
          ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
          tag = kt;
        } else {
          if (kt) {
            onError(tagToken, "BAD_COLLECTION_TYPE", `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? "scalar"}`, true);
          } else {
            onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, true);
          }
          return resolveCollection(CN, ctx, token, onError, tagName);
        }
      }
      const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
      const res = tag.resolve?.(coll, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg), ctx.options) ?? coll;
      const node = identity.isNode(res) ? res : new Scalar.Scalar(res);
      node.range = coll.range;
      node.tag = tagName;
      if (tag?.format)
        node.format = tag.format;
      return node;
    }
    exports.composeCollection = composeCollection;
  }
});

// node_modules/yaml/dist/compose/resolve-block-scalar.js
var require_resolve_block_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function resolveBlockScalar(ctx, scalar, onError) {
      const start = scalar.offset;
      const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
      if (!header)
        return { value: "", type: null, comment: "", range: [start, start, start] };
      const type = header.mode === ">" ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
      const lines = scalar.source ? splitLines(scalar.source) : [];
      let chompStart = lines.length;
      for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === "" || content === "\r")
          chompStart = i;
        else
          break;
      }
      if (chompStart === 0) {
        const value2 = header.chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
        let end2 = start + header.length;
        if (scalar.source)
          end2 += scalar.source.length;
        return { value: value2, type, comment: header.comment, range: [start, end2, end2] };
      }
      let trimIndent = scalar.indent + header.indent;
      let offset = scalar.offset + header.length;
      let contentStart = 0;
      for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === "" || content === "\r") {
          if (header.indent === 0 && indent.length > trimIndent)
            trimIndent = indent.length;
        } else {
          if (indent.length < trimIndent) {
            const message = "Block scalars with more-indented leading empty lines must use an explicit indentation indicator";
            onError(offset + indent.length, "MISSING_CHAR", message);
          }
          if (header.indent === 0)
            trimIndent = indent.length;
          contentStart = i;
          if (trimIndent === 0 && !ctx.atRoot) {
            const message = "Block scalar values in collections must be indented";
            onError(offset, "BAD_INDENT", message);
          }
          break;
        }
        offset += indent.length + content.length + 1;
      }
      for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
          chompStart = i + 1;
      }
      let value = "";
      let sep = "";
      let prevMoreIndented = false;
      for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + "\n";
      for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === "\r";
        if (crlf)
          content = content.slice(0, -1);
        if (content && indent.length < trimIndent) {
          const src = header.indent ? "explicit indentation indicator" : "first line";
          const message = `Block scalar lines must not be less indented than their ${src}`;
          onError(offset - content.length - (crlf ? 2 : 1), "BAD_INDENT", message);
          indent = "";
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
        } else if (indent.length > trimIndent || content[0] === "	") {
          if (sep === " ")
            sep = "\n";
          else if (!prevMoreIndented && sep === "\n")
            sep = "\n\n";
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
          prevMoreIndented = true;
        } else if (content === "") {
          if (sep === "\n")
            value += "\n";
          else
            sep = "\n";
        } else {
          value += sep + content;
          sep = " ";
          prevMoreIndented = false;
        }
      }
      switch (header.chomp) {
        case "-":
          break;
        case "+":
          for (let i = chompStart; i < lines.length; ++i)
            value += "\n" + lines[i][0].slice(trimIndent);
          if (value[value.length - 1] !== "\n")
            value += "\n";
          break;
        default:
          value += "\n";
      }
      const end = start + header.length + scalar.source.length;
      return { value, type, comment: header.comment, range: [start, end, end] };
    }
    function parseBlockScalarHeader({ offset, props }, strict, onError) {
      if (props[0].type !== "block-scalar-header") {
        onError(props[0], "IMPOSSIBLE", "Block scalar header not found");
        return null;
      }
      const { source } = props[0];
      const mode = source[0];
      let indent = 0;
      let chomp = "";
      let error = -1;
      for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === "-" || ch === "+"))
          chomp = ch;
        else {
          const n = Number(ch);
          if (!indent && n)
            indent = n;
          else if (error === -1)
            error = offset + i;
        }
      }
      if (error !== -1)
        onError(error, "UNEXPECTED_TOKEN", `Block scalar header includes extra characters: ${source}`);
      let hasSpace = false;
      let comment = "";
      let length = source.length;
      for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
          case "space":
            hasSpace = true;
          // fallthrough
          case "newline":
            length += token.source.length;
            break;
          case "comment":
            if (strict && !hasSpace) {
              const message = "Comments must be separated from other tokens by white space characters";
              onError(token, "MISSING_CHAR", message);
            }
            length += token.source.length;
            comment = token.source.substring(1);
            break;
          case "error":
            onError(token, "UNEXPECTED_TOKEN", token.message);
            length += token.source.length;
            break;
          /* istanbul ignore next should not happen */
          default: {
            const message = `Unexpected token in block scalar header: ${token.type}`;
            onError(token, "UNEXPECTED_TOKEN", message);
            const ts = token.source;
            if (ts && typeof ts === "string")
              length += ts.length;
          }
        }
      }
      return { mode, indent, chomp, comment, length };
    }
    function splitLines(source) {
      const split = source.split(/\n( *)/);
      const first = split[0];
      const m = first.match(/^( *)/);
      const line0 = m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first];
      const lines = [line0];
      for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
      return lines;
    }
    exports.resolveBlockScalar = resolveBlockScalar;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-scalar.js
var require_resolve_flow_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var resolveEnd = require_resolve_end();
    function resolveFlowScalar(scalar, strict, onError) {
      const { offset, type, source, end } = scalar;
      let _type;
      let value;
      const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
      switch (type) {
        case "scalar":
          _type = Scalar.Scalar.PLAIN;
          value = plainValue(source, _onError);
          break;
        case "single-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_SINGLE;
          value = singleQuotedValue(source, _onError);
          break;
        case "double-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_DOUBLE;
          value = doubleQuotedValue(source, _onError);
          break;
        /* istanbul ignore next should not happen */
        default:
          onError(scalar, "UNEXPECTED_TOKEN", `Expected a flow scalar value, but found: ${type}`);
          return {
            value: "",
            type: null,
            comment: "",
            range: [offset, offset + source.length, offset + source.length]
          };
      }
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
      return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
      };
    }
    function plainValue(source, onError) {
      let badChar = "";
      switch (source[0]) {
        /* istanbul ignore next should not happen */
        case "	":
          badChar = "a tab character";
          break;
        case ",":
          badChar = "flow indicator character ,";
          break;
        case "%":
          badChar = "directive indicator character %";
          break;
        case "|":
        case ">": {
          badChar = `block scalar indicator ${source[0]}`;
          break;
        }
        case "@":
        case "`": {
          badChar = `reserved character ${source[0]}`;
          break;
        }
      }
      if (badChar)
        onError(0, "BAD_SCALAR_START", `Plain value cannot start with ${badChar}`);
      return unfoldLines(source);
    }
    function singleQuotedValue(source, onError) {
      if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, "MISSING_CHAR", "Missing closing 'quote");
      return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
    }
    function unfoldLines(source) {
      const line = /(.*?)\r?\n/sy;
      let match = line.exec(source);
      if (!match)
        return source;
      let trimEnd, trimBoth;
      try {
        trimEnd = new RegExp("(?<![ 	])[ 	]+$");
        trimBoth = new RegExp("^[ 	]+|(?<![ 	])[ 	]+$", "g");
      } catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
      }
      let res = match[1].replace(trimEnd, "");
      let sep = " ";
      let pos = line.lastIndex;
      while (match = line.exec(source)) {
        const lm = match[1].replace(trimBoth, "");
        if (lm === "") {
          if (sep === "\n")
            res += sep;
          else
            sep = "\n";
        } else {
          res += sep + lm;
          sep = " ";
        }
        pos = line.lastIndex;
      }
      const last = /[ \t]*(.*)/sy;
      last.lastIndex = pos;
      match = last.exec(source);
      return res + sep + (match?.[1] ?? "");
    }
    function doubleQuotedValue(source, onError) {
      let res = "";
      for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === "\r" && source[i + 1] === "\n")
          continue;
        if (ch === "\n") {
          const { fold, offset } = foldNewline(source, i);
          res += fold;
          i = offset;
        } else if (ch === "\\") {
          let next = source[++i];
          const cc = escapeCodes[next];
          if (cc)
            res += cc;
          else if (next === "\n") {
            next = source[i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "\r" && source[i + 1] === "\n") {
            next = source[++i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "x" || next === "u" || next === "U") {
            const length = next === "x" ? 2 : next === "u" ? 4 : 8;
            res += parseCharCode(source, i + 1, length, onError);
            i += length;
          } else {
            const raw = source.substr(i - 1, 2);
            onError(i - 1, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
            res += raw;
          }
        } else if (ch === " " || ch === "	") {
          const wsStart = i;
          let next = source[i + 1];
          while (next === " " || next === "	")
            next = source[++i + 1];
          if (next !== "\n" && !(next === "\r" && source[i + 2] === "\n"))
            res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        } else {
          res += ch;
        }
      }
      if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, "MISSING_CHAR", 'Missing closing "quote');
      return res;
    }
    function foldNewline(source, offset) {
      let fold = "";
      let ch = source[offset + 1];
      while (ch === " " || ch === "	" || ch === "\n" || ch === "\r") {
        if (ch === "\r" && source[offset + 2] !== "\n")
          break;
        if (ch === "\n")
          fold += "\n";
        offset += 1;
        ch = source[offset + 1];
      }
      if (!fold)
        fold = " ";
      return { fold, offset };
    }
    var escapeCodes = {
      "0": "\0",
      // null character
      a: "\x07",
      // bell character
      b: "\b",
      // backspace
      e: "\x1B",
      // escape character
      f: "\f",
      // form feed
      n: "\n",
      // line feed
      r: "\r",
      // carriage return
      t: "	",
      // horizontal tab
      v: "\v",
      // vertical tab
      N: "\x85",
      // Unicode next line
      _: "\xA0",
      // Unicode non-breaking space
      L: "\u2028",
      // Unicode line separator
      P: "\u2029",
      // Unicode paragraph separator
      " ": " ",
      '"': '"',
      "/": "/",
      "\\": "\\",
      "	": "	"
    };
    function parseCharCode(source, offset, length, onError) {
      const cc = source.substr(offset, length);
      const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
      const code = ok ? parseInt(cc, 16) : NaN;
      try {
        return String.fromCodePoint(code);
      } catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
        return raw;
      }
    }
    exports.resolveFlowScalar = resolveFlowScalar;
  }
});

// node_modules/yaml/dist/compose/compose-scalar.js
var require_compose_scalar = __commonJS({
  "node_modules/yaml/dist/compose/compose-scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    function composeScalar(ctx, token, tagToken, onError) {
      const { value, type, comment, range } = token.type === "block-scalar" ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError) : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
      const tagName = tagToken ? ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg)) : null;
      let tag;
      if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
      } else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
      else if (token.type === "scalar")
        tag = findScalarTagByTest(ctx, value, token, onError);
      else
        tag = ctx.schema[identity.SCALAR];
      let scalar;
      try {
        const res = tag.resolve(value, (msg) => onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
      } catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg);
        scalar = new Scalar.Scalar(value);
      }
      scalar.range = range;
      scalar.source = value;
      if (type)
        scalar.type = type;
      if (tagName)
        scalar.tag = tagName;
      if (tag.format)
        scalar.format = tag.format;
      if (comment)
        scalar.comment = comment;
      return scalar;
    }
    function findScalarTagByName(schema, value, tagName, tagToken, onError) {
      if (tagName === "!")
        return schema[identity.SCALAR];
      const matchWithTest = [];
      for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
          if (tag.default && tag.test)
            matchWithTest.push(tag);
          else
            return tag;
        }
      }
      for (const tag of matchWithTest)
        if (tag.test?.test(value))
          return tag;
      const kt = schema.knownTags[tagName];
      if (kt && !kt.collection) {
        schema.tags.push(Object.assign({}, kt, { default: false, test: void 0 }));
        return kt;
      }
      onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, tagName !== "tag:yaml.org,2002:str");
      return schema[identity.SCALAR];
    }
    function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
      const tag = schema.tags.find((tag2) => (tag2.default === true || atKey && tag2.default === "key") && tag2.test?.test(value)) || schema[identity.SCALAR];
      if (schema.compat) {
        const compat = schema.compat.find((tag2) => tag2.default && tag2.test?.test(value)) ?? schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
          const ts = directives.tagString(tag.tag);
          const cs = directives.tagString(compat.tag);
          const msg = `Value may be parsed as either ${ts} or ${cs}`;
          onError(token, "TAG_RESOLVE_FAILED", msg, true);
        }
      }
      return tag;
    }
    exports.composeScalar = composeScalar;
  }
});

// node_modules/yaml/dist/compose/util-empty-scalar-position.js
var require_util_empty_scalar_position = __commonJS({
  "node_modules/yaml/dist/compose/util-empty-scalar-position.js"(exports) {
    "use strict";
    function emptyScalarPosition(offset, before, pos) {
      if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
          let st = before[i];
          switch (st.type) {
            case "space":
            case "comment":
            case "newline":
              offset -= st.source.length;
              continue;
          }
          st = before[++i];
          while (st?.type === "space") {
            offset += st.source.length;
            st = before[++i];
          }
          break;
        }
      }
      return offset;
    }
    exports.emptyScalarPosition = emptyScalarPosition;
  }
});

// node_modules/yaml/dist/compose/compose-node.js
var require_compose_node = __commonJS({
  "node_modules/yaml/dist/compose/compose-node.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var composeCollection = require_compose_collection();
    var composeScalar = require_compose_scalar();
    var resolveEnd = require_resolve_end();
    var utilEmptyScalarPosition = require_util_empty_scalar_position();
    var CN = { composeNode, composeEmptyNode };
    function composeNode(ctx, token, props, onError) {
      const atKey = ctx.atKey;
      const { spaceBefore, comment, anchor, tag } = props;
      let node;
      let isSrcToken = true;
      switch (token.type) {
        case "alias":
          node = composeAlias(ctx, token, onError);
          if (anchor || tag)
            onError(token, "ALIAS_PROPS", "An alias node must not specify any properties");
          break;
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "block-scalar":
          node = composeScalar.composeScalar(ctx, token, tag, onError);
          if (anchor)
            node.anchor = anchor.source.substring(1);
          break;
        case "block-map":
        case "block-seq":
        case "flow-collection":
          try {
            node = composeCollection.composeCollection(CN, ctx, token, props, onError);
            if (anchor)
              node.anchor = anchor.source.substring(1);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            onError(token, "RESOURCE_EXHAUSTION", message);
          }
          break;
        default: {
          const message = token.type === "error" ? token.message : `Unsupported token (type: ${token.type})`;
          onError(token, "UNEXPECTED_TOKEN", message);
          isSrcToken = false;
        }
      }
      node ?? (node = composeEmptyNode(ctx, token.offset, void 0, null, props, onError));
      if (anchor && node.anchor === "")
        onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      if (atKey && ctx.options.stringKeys && (!identity.isScalar(node) || typeof node.value !== "string" || node.tag && node.tag !== "tag:yaml.org,2002:str")) {
        const msg = "With stringKeys, all keys must be strings";
        onError(tag ?? token, "NON_STRING_KEY", msg);
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        if (token.type === "scalar" && token.source === "")
          node.comment = comment;
        else
          node.commentBefore = comment;
      }
      if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
      return node;
    }
    function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
      const token = {
        type: "scalar",
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ""
      };
      const node = composeScalar.composeScalar(ctx, token, tag, onError);
      if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === "")
          onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        node.comment = comment;
        node.range[2] = end;
      }
      return node;
    }
    function composeAlias({ options }, { offset, source, end }, onError) {
      const alias = new Alias.Alias(source.substring(1));
      if (alias.source === "")
        onError(offset, "BAD_ALIAS", "Alias cannot be an empty string");
      if (alias.source.endsWith(":"))
        onError(offset + source.length - 1, "BAD_ALIAS", "Alias ending in : is ambiguous", true);
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
      alias.range = [offset, valueEnd, re.offset];
      if (re.comment)
        alias.comment = re.comment;
      return alias;
    }
    exports.composeEmptyNode = composeEmptyNode;
    exports.composeNode = composeNode;
  }
});

// node_modules/yaml/dist/compose/compose-doc.js
var require_compose_doc = __commonJS({
  "node_modules/yaml/dist/compose/compose-doc.js"(exports) {
    "use strict";
    var Document = require_Document();
    var composeNode = require_compose_node();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    function composeDoc(options, directives, { offset, start, value, end }, onError) {
      const opts = Object.assign({ _directives: directives }, options);
      const doc = new Document.Document(void 0, opts);
      const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
      };
      const props = resolveProps.resolveProps(start, {
        indicator: "doc-start",
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
      });
      if (props.found) {
        doc.directives.docStart = true;
        if (value && (value.type === "block-map" || value.type === "block-seq") && !props.hasNewline)
          onError(props.end, "MISSING_CHAR", "Block collection cannot start on same line with directives-end marker");
      }
      doc.contents = value ? composeNode.composeNode(ctx, value, props, onError) : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
      const contentEnd = doc.contents.range[2];
      const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
      if (re.comment)
        doc.comment = re.comment;
      doc.range = [offset, contentEnd, re.offset];
      return doc;
    }
    exports.composeDoc = composeDoc;
  }
});

// node_modules/yaml/dist/compose/composer.js
var require_composer = __commonJS({
  "node_modules/yaml/dist/compose/composer.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var directives = require_directives();
    var Document = require_Document();
    var errors = require_errors();
    var identity = require_identity();
    var composeDoc = require_compose_doc();
    var resolveEnd = require_resolve_end();
    function getErrorPos(src) {
      if (typeof src === "number")
        return [src, src + 1];
      if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
      const { offset, source } = src;
      return [offset, offset + (typeof source === "string" ? source.length : 1)];
    }
    function parsePrelude(prelude) {
      let comment = "";
      let atComment = false;
      let afterEmptyLine = false;
      for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
          case "#":
            comment += (comment === "" ? "" : afterEmptyLine ? "\n\n" : "\n") + (source.substring(1) || " ");
            atComment = true;
            afterEmptyLine = false;
            break;
          case "%":
            if (prelude[i + 1]?.[0] !== "#")
              i += 1;
            atComment = false;
            break;
          default:
            if (!atComment)
              afterEmptyLine = true;
            atComment = false;
        }
      }
      return { comment, afterEmptyLine };
    }
    var Composer = class {
      constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
          const pos = getErrorPos(source);
          if (warning)
            this.warnings.push(new errors.YAMLWarning(pos, code, message));
          else
            this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        this.directives = new directives.Directives({ version: options.version || "1.2" });
        this.options = options;
      }
      decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        if (comment) {
          const dc = doc.contents;
          if (afterDoc) {
            doc.comment = doc.comment ? `${doc.comment}
${comment}` : comment;
          } else if (afterEmptyLine || doc.directives.docStart || !dc) {
            doc.commentBefore = comment;
          } else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
            let it = dc.items[0];
            if (identity.isPair(it))
              it = it.key;
            const cb = it.commentBefore;
            it.commentBefore = cb ? `${comment}
${cb}` : comment;
          } else {
            const cb = dc.commentBefore;
            dc.commentBefore = cb ? `${comment}
${cb}` : comment;
          }
        }
        if (afterDoc) {
          for (let i = 0; i < this.errors.length; ++i)
            doc.errors.push(this.errors[i]);
          for (let i = 0; i < this.warnings.length; ++i)
            doc.warnings.push(this.warnings[i]);
        } else {
          doc.errors = this.errors;
          doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
      }
      /**
       * Current stream status information.
       *
       * Mostly useful at the end of input for an empty stream.
       */
      streamInfo() {
        return {
          comment: parsePrelude(this.prelude).comment,
          directives: this.directives,
          errors: this.errors,
          warnings: this.warnings
        };
      }
      /**
       * Compose tokens into documents.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
          yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
      }
      /** Advance the composer by one CST token. */
      *next(token) {
        if (node_process.env.LOG_STREAM)
          console.dir(token, { depth: null });
        switch (token.type) {
          case "directive":
            this.directives.add(token.source, (offset, message, warning) => {
              const pos = getErrorPos(token);
              pos[0] += offset;
              this.onError(pos, "BAD_DIRECTIVE", message, warning);
            });
            this.prelude.push(token.source);
            this.atDirectives = true;
            break;
          case "document": {
            const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
            if (this.atDirectives && !doc.directives.docStart)
              this.onError(token, "MISSING_CHAR", "Missing directives-end/doc-start indicator line");
            this.decorate(doc, false);
            if (this.doc)
              yield this.doc;
            this.doc = doc;
            this.atDirectives = false;
            break;
          }
          case "byte-order-mark":
          case "space":
            break;
          case "comment":
          case "newline":
            this.prelude.push(token.source);
            break;
          case "error": {
            const msg = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
            const error = new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg);
            if (this.atDirectives || !this.doc)
              this.errors.push(error);
            else
              this.doc.errors.push(error);
            break;
          }
          case "doc-end": {
            if (!this.doc) {
              const msg = "Unexpected doc-end without preceding document";
              this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg));
              break;
            }
            this.doc.directives.docEnd = true;
            const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
            this.decorate(this.doc, true);
            if (end.comment) {
              const dc = this.doc.comment;
              this.doc.comment = dc ? `${dc}
${end.comment}` : end.comment;
            }
            this.doc.range[2] = end.offset;
            break;
          }
          default:
            this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", `Unsupported token ${token.type}`));
        }
      }
      /**
       * Call at end of input to yield any remaining document.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
          this.decorate(this.doc, true);
          yield this.doc;
          this.doc = null;
        } else if (forceDoc) {
          const opts = Object.assign({ _directives: this.directives }, this.options);
          const doc = new Document.Document(void 0, opts);
          if (this.atDirectives)
            this.onError(endOffset, "MISSING_CHAR", "Missing directives-end indicator line");
          doc.range = [0, endOffset, endOffset];
          this.decorate(doc, false);
          yield doc;
        }
      }
    };
    exports.Composer = Composer;
  }
});

// node_modules/yaml/dist/parse/cst-scalar.js
var require_cst_scalar = __commonJS({
  "node_modules/yaml/dist/parse/cst-scalar.js"(exports) {
    "use strict";
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    var errors = require_errors();
    var stringifyString = require_stringifyString();
    function resolveAsScalar(token, strict = true, onError) {
      if (token) {
        const _onError = (pos, code, message) => {
          const offset = typeof pos === "number" ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
          if (onError)
            onError(offset, code, message);
          else
            throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
          case "block-scalar":
            return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
      }
      return null;
    }
    function createScalarToken(value, context) {
      const { implicitKey = false, indent, inFlow = false, offset = -1, type = "PLAIN" } = context;
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      const end = context.end ?? [
        { type: "newline", offset: -1, indent, source: "\n" }
      ];
      switch (source[0]) {
        case "|":
        case ">": {
          const he = source.indexOf("\n");
          const head = source.substring(0, he);
          const body = source.substring(he + 1) + "\n";
          const props = [
            { type: "block-scalar-header", offset, indent, source: head }
          ];
          if (!addEndtoBlockProps(props, end))
            props.push({ type: "newline", offset: -1, indent, source: "\n" });
          return { type: "block-scalar", offset, indent, props, source: body };
        }
        case '"':
          return { type: "double-quoted-scalar", offset, indent, source, end };
        case "'":
          return { type: "single-quoted-scalar", offset, indent, source, end };
        default:
          return { type: "scalar", offset, indent, source, end };
      }
    }
    function setScalarValue(token, value, context = {}) {
      let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
      let indent = "indent" in token ? token.indent : null;
      if (afterKey && typeof indent === "number")
        indent += 2;
      if (!type)
        switch (token.type) {
          case "single-quoted-scalar":
            type = "QUOTE_SINGLE";
            break;
          case "double-quoted-scalar":
            type = "QUOTE_DOUBLE";
            break;
          case "block-scalar": {
            const header = token.props[0];
            if (header.type !== "block-scalar-header")
              throw new Error("Invalid block scalar header");
            type = header.source[0] === ">" ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
            break;
          }
          default:
            type = "PLAIN";
        }
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      switch (source[0]) {
        case "|":
        case ">":
          setBlockScalarValue(token, source);
          break;
        case '"':
          setFlowScalarValue(token, source, "double-quoted-scalar");
          break;
        case "'":
          setFlowScalarValue(token, source, "single-quoted-scalar");
          break;
        default:
          setFlowScalarValue(token, source, "scalar");
      }
    }
    function setBlockScalarValue(token, source) {
      const he = source.indexOf("\n");
      const head = source.substring(0, he);
      const body = source.substring(he + 1) + "\n";
      if (token.type === "block-scalar") {
        const header = token.props[0];
        if (header.type !== "block-scalar-header")
          throw new Error("Invalid block scalar header");
        header.source = head;
        token.source = body;
      } else {
        const { offset } = token;
        const indent = "indent" in token ? token.indent : -1;
        const props = [
          { type: "block-scalar-header", offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, "end" in token ? token.end : void 0))
          props.push({ type: "newline", offset: -1, indent, source: "\n" });
        for (const key of Object.keys(token))
          if (key !== "type" && key !== "offset")
            delete token[key];
        Object.assign(token, { type: "block-scalar", indent, props, source: body });
      }
    }
    function addEndtoBlockProps(props, end) {
      if (end)
        for (const st of end)
          switch (st.type) {
            case "space":
            case "comment":
              props.push(st);
              break;
            case "newline":
              props.push(st);
              return true;
          }
      return false;
    }
    function setFlowScalarValue(token, source, type) {
      switch (token.type) {
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          token.type = type;
          token.source = source;
          break;
        case "block-scalar": {
          const end = token.props.slice(1);
          let oa = source.length;
          if (token.props[0].type === "block-scalar-header")
            oa -= token.props[0].source.length;
          for (const tok of end)
            tok.offset += oa;
          delete token.props;
          Object.assign(token, { type, source, end });
          break;
        }
        case "block-map":
        case "block-seq": {
          const offset = token.offset + source.length;
          const nl = { type: "newline", offset, indent: token.indent, source: "\n" };
          delete token.items;
          Object.assign(token, { type, source, end: [nl] });
          break;
        }
        default: {
          const indent = "indent" in token ? token.indent : -1;
          const end = "end" in token && Array.isArray(token.end) ? token.end.filter((st) => st.type === "space" || st.type === "comment" || st.type === "newline") : [];
          for (const key of Object.keys(token))
            if (key !== "type" && key !== "offset")
              delete token[key];
          Object.assign(token, { type, indent, source, end });
        }
      }
    }
    exports.createScalarToken = createScalarToken;
    exports.resolveAsScalar = resolveAsScalar;
    exports.setScalarValue = setScalarValue;
  }
});

// node_modules/yaml/dist/parse/cst-stringify.js
var require_cst_stringify = __commonJS({
  "node_modules/yaml/dist/parse/cst-stringify.js"(exports) {
    "use strict";
    var stringify2 = (cst) => "type" in cst ? stringifyToken(cst) : stringifyItem(cst);
    function stringifyToken(token) {
      switch (token.type) {
        case "block-scalar": {
          let res = "";
          for (const tok of token.props)
            res += stringifyToken(tok);
          return res + token.source;
        }
        case "block-map":
        case "block-seq": {
          let res = "";
          for (const item of token.items)
            res += stringifyItem(item);
          return res;
        }
        case "flow-collection": {
          let res = token.start.source;
          for (const item of token.items)
            res += stringifyItem(item);
          for (const st of token.end)
            res += st.source;
          return res;
        }
        case "document": {
          let res = stringifyItem(token);
          if (token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
        default: {
          let res = token.source;
          if ("end" in token && token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
      }
    }
    function stringifyItem({ start, key, sep, value }) {
      let res = "";
      for (const st of start)
        res += st.source;
      if (key)
        res += stringifyToken(key);
      if (sep)
        for (const st of sep)
          res += st.source;
      if (value)
        res += stringifyToken(value);
      return res;
    }
    exports.stringify = stringify2;
  }
});

// node_modules/yaml/dist/parse/cst-visit.js
var require_cst_visit = __commonJS({
  "node_modules/yaml/dist/parse/cst-visit.js"(exports) {
    "use strict";
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove item");
    function visit(cst, visitor) {
      if ("type" in cst && cst.type === "document")
        cst = { start: cst.start, value: cst.value };
      _visit(Object.freeze([]), cst, visitor);
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    visit.itemAtPath = (cst, path10) => {
      let item = cst;
      for (const [field, index] of path10) {
        const tok = item?.[field];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit.parentCollection = (cst, path10) => {
      const parent = visit.itemAtPath(cst, path10.slice(0, -1));
      const field = path10[path10.length - 1][0];
      const coll = parent?.[field];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
    function _visit(path10, item, visitor) {
      let ctrl = visitor(item, path10);
      if (typeof ctrl === "symbol")
        return ctrl;
      for (const field of ["key", "value"]) {
        const token = item[field];
        if (token && "items" in token) {
          for (let i = 0; i < token.items.length; ++i) {
            const ci = _visit(Object.freeze(path10.concat([[field, i]])), token.items[i], visitor);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              token.items.splice(i, 1);
              i -= 1;
            }
          }
          if (typeof ctrl === "function" && field === "key")
            ctrl = ctrl(item, path10);
        }
      }
      return typeof ctrl === "function" ? ctrl(item, path10) : ctrl;
    }
    exports.visit = visit;
  }
});

// node_modules/yaml/dist/parse/cst.js
var require_cst = __commonJS({
  "node_modules/yaml/dist/parse/cst.js"(exports) {
    "use strict";
    var cstScalar = require_cst_scalar();
    var cstStringify = require_cst_stringify();
    var cstVisit = require_cst_visit();
    var BOM = "\uFEFF";
    var DOCUMENT = "";
    var FLOW_END = "";
    var SCALAR = "";
    var isCollection = (token) => !!token && "items" in token;
    var isScalar = (token) => !!token && (token.type === "scalar" || token.type === "single-quoted-scalar" || token.type === "double-quoted-scalar" || token.type === "block-scalar");
    function prettyToken(token) {
      switch (token) {
        case BOM:
          return "<BOM>";
        case DOCUMENT:
          return "<DOC>";
        case FLOW_END:
          return "<FLOW_END>";
        case SCALAR:
          return "<SCALAR>";
        default:
          return JSON.stringify(token);
      }
    }
    function tokenType(source) {
      switch (source) {
        case BOM:
          return "byte-order-mark";
        case DOCUMENT:
          return "doc-mode";
        case FLOW_END:
          return "flow-error-end";
        case SCALAR:
          return "scalar";
        case "---":
          return "doc-start";
        case "...":
          return "doc-end";
        case "":
        case "\n":
        case "\r\n":
          return "newline";
        case "-":
          return "seq-item-ind";
        case "?":
          return "explicit-key-ind";
        case ":":
          return "map-value-ind";
        case "{":
          return "flow-map-start";
        case "}":
          return "flow-map-end";
        case "[":
          return "flow-seq-start";
        case "]":
          return "flow-seq-end";
        case ",":
          return "comma";
      }
      switch (source[0]) {
        case " ":
        case "	":
          return "space";
        case "#":
          return "comment";
        case "%":
          return "directive-line";
        case "*":
          return "alias";
        case "&":
          return "anchor";
        case "!":
          return "tag";
        case "'":
          return "single-quoted-scalar";
        case '"':
          return "double-quoted-scalar";
        case "|":
        case ">":
          return "block-scalar-header";
      }
      return null;
    }
    exports.createScalarToken = cstScalar.createScalarToken;
    exports.resolveAsScalar = cstScalar.resolveAsScalar;
    exports.setScalarValue = cstScalar.setScalarValue;
    exports.stringify = cstStringify.stringify;
    exports.visit = cstVisit.visit;
    exports.BOM = BOM;
    exports.DOCUMENT = DOCUMENT;
    exports.FLOW_END = FLOW_END;
    exports.SCALAR = SCALAR;
    exports.isCollection = isCollection;
    exports.isScalar = isScalar;
    exports.prettyToken = prettyToken;
    exports.tokenType = tokenType;
  }
});

// node_modules/yaml/dist/parse/lexer.js
var require_lexer = __commonJS({
  "node_modules/yaml/dist/parse/lexer.js"(exports) {
    "use strict";
    var cst = require_cst();
    function isEmpty(ch) {
      switch (ch) {
        case void 0:
        case " ":
        case "\n":
        case "\r":
        case "	":
          return true;
        default:
          return false;
      }
    }
    var hexDigits = new Set("0123456789ABCDEFabcdef");
    var tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
    var flowIndicatorChars = new Set(",[]{}");
    var invalidAnchorChars = new Set(" ,[]{}\n\r	");
    var isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
    var Lexer = class {
      constructor() {
        this.atEnd = false;
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        this.buffer = "";
        this.flowKey = false;
        this.flowLevel = 0;
        this.indentNext = 0;
        this.indentValue = 0;
        this.lineEndPos = null;
        this.next = null;
        this.pos = 0;
      }
      /**
       * Generate YAML tokens from the `source` string. If `incomplete`,
       * a part of the last line may be left as a buffer for the next call.
       *
       * @returns A generator of lexical tokens
       */
      *lex(source, incomplete = false) {
        if (source) {
          if (typeof source !== "string")
            throw TypeError("source is not a string");
          this.buffer = this.buffer ? this.buffer + source : source;
          this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? "stream";
        while (next && (incomplete || this.hasChars(1)))
          next = yield* this.parseNext(next);
      }
      atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === " " || ch === "	")
          ch = this.buffer[++i];
        if (!ch || ch === "#" || ch === "\n")
          return true;
        if (ch === "\r")
          return this.buffer[i + 1] === "\n";
        return false;
      }
      charAt(n) {
        return this.buffer[this.pos + n];
      }
      continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
          let indent = 0;
          while (ch === " ")
            ch = this.buffer[++indent + offset];
          if (ch === "\r") {
            const next = this.buffer[indent + offset + 1];
            if (next === "\n" || !next && !this.atEnd)
              return offset + indent + 1;
          }
          return ch === "\n" || indent >= this.indentNext || !ch && !this.atEnd ? offset + indent : -1;
        }
        if (ch === "-" || ch === ".") {
          const dt = this.buffer.substr(offset, 3);
          if ((dt === "---" || dt === "...") && isEmpty(this.buffer[offset + 3]))
            return -1;
        }
        return offset;
      }
      getLine() {
        let end = this.lineEndPos;
        if (typeof end !== "number" || end !== -1 && end < this.pos) {
          end = this.buffer.indexOf("\n", this.pos);
          this.lineEndPos = end;
        }
        if (end === -1)
          return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === "\r")
          end -= 1;
        return this.buffer.substring(this.pos, end);
      }
      hasChars(n) {
        return this.pos + n <= this.buffer.length;
      }
      setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
      }
      peek(n) {
        return this.buffer.substr(this.pos, n);
      }
      *parseNext(next) {
        switch (next) {
          case "stream":
            return yield* this.parseStream();
          case "line-start":
            return yield* this.parseLineStart();
          case "block-start":
            return yield* this.parseBlockStart();
          case "doc":
            return yield* this.parseDocument();
          case "flow":
            return yield* this.parseFlowCollection();
          case "quoted-scalar":
            return yield* this.parseQuotedScalar();
          case "block-scalar":
            return yield* this.parseBlockScalar();
          case "plain-scalar":
            return yield* this.parsePlainScalar();
        }
      }
      *parseStream() {
        let line = this.getLine();
        if (line === null)
          return this.setNext("stream");
        if (line[0] === cst.BOM) {
          yield* this.pushCount(1);
          line = line.substring(1);
        }
        if (line[0] === "%") {
          let dirEnd = line.length;
          let cs = line.indexOf("#");
          while (cs !== -1) {
            const ch = line[cs - 1];
            if (ch === " " || ch === "	") {
              dirEnd = cs - 1;
              break;
            } else {
              cs = line.indexOf("#", cs + 1);
            }
          }
          while (true) {
            const ch = line[dirEnd - 1];
            if (ch === " " || ch === "	")
              dirEnd -= 1;
            else
              break;
          }
          const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
          yield* this.pushCount(line.length - n);
          this.pushNewline();
          return "stream";
        }
        if (this.atLineEnd()) {
          const sp = yield* this.pushSpaces(true);
          yield* this.pushCount(line.length - sp);
          yield* this.pushNewline();
          return "stream";
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
      }
      *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
          return this.setNext("line-start");
        if (ch === "-" || ch === ".") {
          if (!this.atEnd && !this.hasChars(4))
            return this.setNext("line-start");
          const s = this.peek(3);
          if ((s === "---" || s === "...") && isEmpty(this.charAt(3))) {
            yield* this.pushCount(3);
            this.indentValue = 0;
            this.indentNext = 0;
            return s === "---" ? "doc" : "stream";
          }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
          this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
      }
      *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
          return this.setNext("block-start");
        if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty(ch1)) {
          const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
          this.indentNext = this.indentValue + 1;
          this.indentValue += n;
          return "block-start";
        }
        return "doc";
      }
      *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
          return this.setNext("doc");
        let n = yield* this.pushIndicators();
        switch (line[n]) {
          case "#":
            yield* this.pushCount(line.length - n);
          // fallthrough
          case void 0:
            yield* this.pushNewline();
            return yield* this.parseLineStart();
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel = 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            return "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "doc";
          case '"':
          case "'":
            return yield* this.parseQuotedScalar();
          case "|":
          case ">":
            n += yield* this.parseBlockScalarHeader();
            n += yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - n);
            yield* this.pushNewline();
            return yield* this.parseBlockScalar();
          default:
            return yield* this.parsePlainScalar();
        }
      }
      *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
          nl = yield* this.pushNewline();
          if (nl > 0) {
            sp = yield* this.pushSpaces(false);
            this.indentValue = indent = sp;
          } else {
            sp = 0;
          }
          sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
          return this.setNext("flow");
        if (indent !== -1 && indent < this.indentNext && line[0] !== "#" || indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty(line[3])) {
          const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
          if (!atFlowEndMarker) {
            this.flowLevel = 0;
            yield cst.FLOW_END;
            return yield* this.parseLineStart();
          }
        }
        let n = 0;
        while (line[n] === ",") {
          n += yield* this.pushCount(1);
          n += yield* this.pushSpaces(true);
          this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
          case void 0:
            return "flow";
          case "#":
            yield* this.pushCount(line.length - n);
            return "flow";
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel += 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            this.flowKey = true;
            this.flowLevel -= 1;
            return this.flowLevel ? "flow" : "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "flow";
          case '"':
          case "'":
            this.flowKey = true;
            return yield* this.parseQuotedScalar();
          case ":": {
            const next = this.charAt(1);
            if (this.flowKey || isEmpty(next) || next === ",") {
              this.flowKey = false;
              yield* this.pushCount(1);
              yield* this.pushSpaces(true);
              return "flow";
            }
          }
          // fallthrough
          default:
            this.flowKey = false;
            return yield* this.parsePlainScalar();
        }
      }
      *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
          while (end !== -1 && this.buffer[end + 1] === "'")
            end = this.buffer.indexOf("'", end + 2);
        } else {
          while (end !== -1) {
            let n = 0;
            while (this.buffer[end - 1 - n] === "\\")
              n += 1;
            if (n % 2 === 0)
              break;
            end = this.buffer.indexOf('"', end + 1);
          }
        }
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf("\n", this.pos);
        if (nl !== -1) {
          while (nl !== -1) {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = qb.indexOf("\n", cs);
          }
          if (nl !== -1) {
            end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
          }
        }
        if (end === -1) {
          if (!this.atEnd)
            return this.setNext("quoted-scalar");
          end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? "flow" : "doc";
      }
      *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
          const ch = this.buffer[++i];
          if (ch === "+")
            this.blockScalarKeep = true;
          else if (ch > "0" && ch <= "9")
            this.blockScalarIndent = Number(ch) - 1;
          else if (ch !== "-")
            break;
        }
        return yield* this.pushUntil((ch) => isEmpty(ch) || ch === "#");
      }
      *parseBlockScalar() {
        let nl = this.pos - 1;
        let indent = 0;
        let ch;
        loop: for (let i2 = this.pos; ch = this.buffer[i2]; ++i2) {
          switch (ch) {
            case " ":
              indent += 1;
              break;
            case "\n":
              nl = i2;
              indent = 0;
              break;
            case "\r": {
              const next = this.buffer[i2 + 1];
              if (!next && !this.atEnd)
                return this.setNext("block-scalar");
              if (next === "\n")
                break;
            }
            // fallthrough
            default:
              break loop;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("block-scalar");
        if (indent >= this.indentNext) {
          if (this.blockScalarIndent === -1)
            this.indentNext = indent;
          else {
            this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
          }
          do {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = this.buffer.indexOf("\n", cs);
          } while (nl !== -1);
          if (nl === -1) {
            if (!this.atEnd)
              return this.setNext("block-scalar");
            nl = this.buffer.length;
          }
        }
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === " ")
          ch = this.buffer[++i];
        if (ch === "	") {
          while (ch === "	" || ch === " " || ch === "\r" || ch === "\n")
            ch = this.buffer[++i];
          nl = i - 1;
        } else if (!this.blockScalarKeep) {
          do {
            let i2 = nl - 1;
            let ch2 = this.buffer[i2];
            if (ch2 === "\r")
              ch2 = this.buffer[--i2];
            const lastChar = i2;
            while (ch2 === " ")
              ch2 = this.buffer[--i2];
            if (ch2 === "\n" && i2 >= this.pos && i2 + 1 + indent > lastChar)
              nl = i2;
            else
              break;
          } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
      }
      *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while (ch = this.buffer[++i]) {
          if (ch === ":") {
            const next = this.buffer[i + 1];
            if (isEmpty(next) || inFlow && flowIndicatorChars.has(next))
              break;
            end = i;
          } else if (isEmpty(ch)) {
            let next = this.buffer[i + 1];
            if (ch === "\r") {
              if (next === "\n") {
                i += 1;
                ch = "\n";
                next = this.buffer[i + 1];
              } else
                end = i;
            }
            if (next === "#" || inFlow && flowIndicatorChars.has(next))
              break;
            if (ch === "\n") {
              const cs = this.continueScalar(i + 1);
              if (cs === -1)
                break;
              i = Math.max(i, cs - 2);
            }
          } else {
            if (inFlow && flowIndicatorChars.has(ch))
              break;
            end = i;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("plain-scalar");
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? "flow" : "doc";
      }
      *pushCount(n) {
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos += n;
          return n;
        }
        return 0;
      }
      *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
          yield s;
          this.pos += s.length;
          return s.length;
        } else if (allowEmpty)
          yield "";
        return 0;
      }
      *pushIndicators() {
        let n = 0;
        loop: while (true) {
          switch (this.charAt(0)) {
            case "!":
              n += yield* this.pushTag();
              n += yield* this.pushSpaces(true);
              continue loop;
            case "&":
              n += yield* this.pushUntil(isNotAnchorChar);
              n += yield* this.pushSpaces(true);
              continue loop;
            case "-":
            // this is an error
            case "?":
            // this is an error outside flow collections
            case ":": {
              const inFlow = this.flowLevel > 0;
              const ch1 = this.charAt(1);
              if (isEmpty(ch1) || inFlow && flowIndicatorChars.has(ch1)) {
                if (!inFlow)
                  this.indentNext = this.indentValue + 1;
                else if (this.flowKey)
                  this.flowKey = false;
                n += yield* this.pushCount(1);
                n += yield* this.pushSpaces(true);
                continue loop;
              }
            }
          }
          break loop;
        }
        return n;
      }
      *pushTag() {
        if (this.charAt(1) === "<") {
          let i = this.pos + 2;
          let ch = this.buffer[i];
          while (!isEmpty(ch) && ch !== ">")
            ch = this.buffer[++i];
          return yield* this.pushToIndex(ch === ">" ? i + 1 : i, false);
        } else {
          let i = this.pos + 1;
          let ch = this.buffer[i];
          while (ch) {
            if (tagChars.has(ch))
              ch = this.buffer[++i];
            else if (ch === "%" && hexDigits.has(this.buffer[i + 1]) && hexDigits.has(this.buffer[i + 2])) {
              ch = this.buffer[i += 3];
            } else
              break;
          }
          return yield* this.pushToIndex(i, false);
        }
      }
      *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === "\n")
          return yield* this.pushCount(1);
        else if (ch === "\r" && this.charAt(1) === "\n")
          return yield* this.pushCount(2);
        else
          return 0;
      }
      *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
          ch = this.buffer[++i];
        } while (ch === " " || allowTabs && ch === "	");
        const n = i - this.pos;
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos = i;
        }
        return n;
      }
      *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
          ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
      }
    };
    exports.Lexer = Lexer;
  }
});

// node_modules/yaml/dist/parse/line-counter.js
var require_line_counter = __commonJS({
  "node_modules/yaml/dist/parse/line-counter.js"(exports) {
    "use strict";
    var LineCounter = class {
      constructor() {
        this.lineStarts = [];
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        this.linePos = (offset) => {
          let low = 0;
          let high = this.lineStarts.length;
          while (low < high) {
            const mid = low + high >> 1;
            if (this.lineStarts[mid] < offset)
              low = mid + 1;
            else
              high = mid;
          }
          if (this.lineStarts[low] === offset)
            return { line: low + 1, col: 1 };
          if (low === 0)
            return { line: 0, col: offset };
          const start = this.lineStarts[low - 1];
          return { line: low, col: offset - start + 1 };
        };
      }
    };
    exports.LineCounter = LineCounter;
  }
});

// node_modules/yaml/dist/parse/parser.js
var require_parser = __commonJS({
  "node_modules/yaml/dist/parse/parser.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var cst = require_cst();
    var lexer = require_lexer();
    function includesToken(list, type) {
      for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
          return true;
      return false;
    }
    function findNonEmptyIndex(list) {
      for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
          case "space":
          case "comment":
          case "newline":
            break;
          default:
            return i;
        }
      }
      return -1;
    }
    function isFlowToken(token) {
      switch (token?.type) {
        case "alias":
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "flow-collection":
          return true;
        default:
          return false;
      }
    }
    function getPrevProps(parent) {
      switch (parent.type) {
        case "document":
          return parent.start;
        case "block-map": {
          const it = parent.items[parent.items.length - 1];
          return it.sep ?? it.start;
        }
        case "block-seq":
          return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
          return [];
      }
    }
    function getFirstKeyStartProps(prev) {
      if (prev.length === 0)
        return [];
      let i = prev.length;
      loop: while (--i >= 0) {
        switch (prev[i].type) {
          case "doc-start":
          case "explicit-key-ind":
          case "map-value-ind":
          case "seq-item-ind":
          case "newline":
            break loop;
        }
      }
      while (prev[++i]?.type === "space") {
      }
      return prev.splice(i, prev.length);
    }
    function arrayPushArray(target, source) {
      if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
      else
        for (let i = 0; i < source.length; ++i)
          target.push(source[i]);
    }
    function fixFlowSeqItems(fc) {
      if (fc.start.type === "flow-seq-start") {
        for (const it of fc.items) {
          if (it.sep && !it.value && !includesToken(it.start, "explicit-key-ind") && !includesToken(it.sep, "map-value-ind")) {
            if (it.key)
              it.value = it.key;
            delete it.key;
            if (isFlowToken(it.value)) {
              if (it.value.end)
                arrayPushArray(it.value.end, it.sep);
              else
                it.value.end = it.sep;
            } else
              arrayPushArray(it.start, it.sep);
            delete it.sep;
          }
        }
      }
    }
    var Parser = class {
      /**
       * @param onNewLine - If defined, called separately with the start position of
       *   each new line (in `parse()`, including the start of input).
       */
      constructor(onNewLine) {
        this.atNewLine = true;
        this.atScalar = false;
        this.indent = 0;
        this.offset = 0;
        this.onKeyLine = false;
        this.stack = [];
        this.source = "";
        this.type = "";
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
      }
      /**
       * Parse `source` as a YAML stream.
       * If `incomplete`, a part of the last line may be left as a buffer for the next call.
       *
       * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
       *
       * @returns A generator of tokens representing each directive, document, and other structure.
       */
      *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
          this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
          yield* this.next(lexeme);
        if (!incomplete)
          yield* this.end();
      }
      /**
       * Advance the parser by the `source` of one lexical token.
       */
      *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
          console.log("|", cst.prettyToken(source));
        if (this.atScalar) {
          this.atScalar = false;
          yield* this.step();
          this.offset += source.length;
          return;
        }
        const type = cst.tokenType(source);
        if (!type) {
          const message = `Not a YAML token: ${source}`;
          yield* this.pop({ type: "error", offset: this.offset, message, source });
          this.offset += source.length;
        } else if (type === "scalar") {
          this.atNewLine = false;
          this.atScalar = true;
          this.type = "scalar";
        } else {
          this.type = type;
          yield* this.step();
          switch (type) {
            case "newline":
              this.atNewLine = true;
              this.indent = 0;
              if (this.onNewLine)
                this.onNewLine(this.offset + source.length);
              break;
            case "space":
              if (this.atNewLine && source[0] === " ")
                this.indent += source.length;
              break;
            case "explicit-key-ind":
            case "map-value-ind":
            case "seq-item-ind":
              if (this.atNewLine)
                this.indent += source.length;
              break;
            case "doc-mode":
            case "flow-error-end":
              return;
            default:
              this.atNewLine = false;
          }
          this.offset += source.length;
        }
      }
      /** Call at end of input to push out any remaining constructions */
      *end() {
        while (this.stack.length > 0)
          yield* this.pop();
      }
      get sourceToken() {
        const st = {
          type: this.type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
        return st;
      }
      *step() {
        const top = this.peek(1);
        if (this.type === "doc-end" && top?.type !== "doc-end") {
          while (this.stack.length > 0)
            yield* this.pop();
          this.stack.push({
            type: "doc-end",
            offset: this.offset,
            source: this.source
          });
          return;
        }
        if (!top)
          return yield* this.stream();
        switch (top.type) {
          case "document":
            return yield* this.document(top);
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return yield* this.scalar(top);
          case "block-scalar":
            return yield* this.blockScalar(top);
          case "block-map":
            return yield* this.blockMap(top);
          case "block-seq":
            return yield* this.blockSequence(top);
          case "flow-collection":
            return yield* this.flowCollection(top);
          case "doc-end":
            return yield* this.documentEnd(top);
        }
        yield* this.pop();
      }
      peek(n) {
        return this.stack[this.stack.length - n];
      }
      *pop(error) {
        const token = error ?? this.stack.pop();
        if (!token) {
          const message = "Tried to pop an empty stack";
          yield { type: "error", offset: this.offset, source: "", message };
        } else if (this.stack.length === 0) {
          yield token;
        } else {
          const top = this.peek(1);
          if (token.type === "block-scalar") {
            token.indent = "indent" in top ? top.indent : 0;
          } else if (token.type === "flow-collection" && top.type === "document") {
            token.indent = 0;
          }
          if (token.type === "flow-collection")
            fixFlowSeqItems(token);
          switch (top.type) {
            case "document":
              top.value = token;
              break;
            case "block-scalar":
              top.props.push(token);
              break;
            case "block-map": {
              const it = top.items[top.items.length - 1];
              if (it.value) {
                top.items.push({ start: [], key: token, sep: [] });
                this.onKeyLine = true;
                return;
              } else if (it.sep) {
                it.value = token;
              } else {
                Object.assign(it, { key: token, sep: [] });
                this.onKeyLine = !it.explicitKey;
                return;
              }
              break;
            }
            case "block-seq": {
              const it = top.items[top.items.length - 1];
              if (it.value)
                top.items.push({ start: [], value: token });
              else
                it.value = token;
              break;
            }
            case "flow-collection": {
              const it = top.items[top.items.length - 1];
              if (!it || it.value)
                top.items.push({ start: [], key: token, sep: [] });
              else if (it.sep)
                it.value = token;
              else
                Object.assign(it, { key: token, sep: [] });
              return;
            }
            /* istanbul ignore next should not happen */
            default:
              yield* this.pop();
              yield* this.pop(token);
          }
          if ((top.type === "document" || top.type === "block-map" || top.type === "block-seq") && (token.type === "block-map" || token.type === "block-seq")) {
            const last = token.items[token.items.length - 1];
            if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 && (token.indent === 0 || last.start.every((st) => st.type !== "comment" || st.indent < token.indent))) {
              if (top.type === "document")
                top.end = last.start;
              else
                top.items.push({ start: last.start });
              token.items.splice(-1, 1);
            }
          }
        }
      }
      *stream() {
        switch (this.type) {
          case "directive-line":
            yield { type: "directive", offset: this.offset, source: this.source };
            return;
          case "byte-order-mark":
          case "space":
          case "comment":
          case "newline":
            yield this.sourceToken;
            return;
          case "doc-mode":
          case "doc-start": {
            const doc = {
              type: "document",
              offset: this.offset,
              start: []
            };
            if (this.type === "doc-start")
              doc.start.push(this.sourceToken);
            this.stack.push(doc);
            return;
          }
        }
        yield {
          type: "error",
          offset: this.offset,
          message: `Unexpected ${this.type} token in YAML stream`,
          source: this.source
        };
      }
      *document(doc) {
        if (doc.value)
          return yield* this.lineEnd(doc);
        switch (this.type) {
          case "doc-start": {
            if (findNonEmptyIndex(doc.start) !== -1) {
              yield* this.pop();
              yield* this.step();
            } else
              doc.start.push(this.sourceToken);
            return;
          }
          case "anchor":
          case "tag":
          case "space":
          case "comment":
          case "newline":
            doc.start.push(this.sourceToken);
            return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
          this.stack.push(bv);
        else {
          yield {
            type: "error",
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML document`,
            source: this.source
          };
        }
      }
      *scalar(scalar) {
        if (this.type === "map-value-ind") {
          const prev = getPrevProps(this.peek(2));
          const start = getFirstKeyStartProps(prev);
          let sep;
          if (scalar.end) {
            sep = scalar.end;
            sep.push(this.sourceToken);
            delete scalar.end;
          } else
            sep = [this.sourceToken];
          const map = {
            type: "block-map",
            offset: scalar.offset,
            indent: scalar.indent,
            items: [{ start, key: scalar, sep }]
          };
          this.onKeyLine = true;
          this.stack[this.stack.length - 1] = map;
        } else
          yield* this.lineEnd(scalar);
      }
      *blockScalar(scalar) {
        switch (this.type) {
          case "space":
          case "comment":
          case "newline":
            scalar.props.push(this.sourceToken);
            return;
          case "scalar":
            scalar.source = this.source;
            this.atNewLine = true;
            this.indent = 0;
            if (this.onNewLine) {
              let nl = this.source.indexOf("\n") + 1;
              while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf("\n", nl) + 1;
              }
            }
            yield* this.pop();
            break;
          /* istanbul ignore next should not happen */
          default:
            yield* this.pop();
            yield* this.step();
        }
      }
      *blockMap(map) {
        const it = map.items[map.items.length - 1];
        switch (this.type) {
          case "newline":
            this.onKeyLine = false;
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              it.start.push(this.sourceToken);
            }
            return;
          case "space":
          case "comment":
            if (it.value) {
              map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              if (this.atIndentedComment(it.start, map.indent)) {
                const prev = map.items[map.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  map.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
        }
        if (this.indent >= map.indent) {
          const atMapIndent = !this.onKeyLine && this.indent === map.indent;
          const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== "seq-item-ind";
          let start = [];
          if (atNextItem && it.sep && !it.value) {
            const nl = [];
            for (let i = 0; i < it.sep.length; ++i) {
              const st = it.sep[i];
              switch (st.type) {
                case "newline":
                  nl.push(i);
                  break;
                case "space":
                  break;
                case "comment":
                  if (st.indent > map.indent)
                    nl.length = 0;
                  break;
                default:
                  nl.length = 0;
              }
            }
            if (nl.length >= 2)
              start = it.sep.splice(nl[1]);
          }
          switch (this.type) {
            case "anchor":
            case "tag":
              if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start });
                this.onKeyLine = true;
              } else if (it.sep) {
                it.sep.push(this.sourceToken);
              } else {
                it.start.push(this.sourceToken);
              }
              return;
            case "explicit-key-ind":
              if (!it.sep && !it.explicitKey) {
                it.start.push(this.sourceToken);
                it.explicitKey = true;
              } else if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start, explicitKey: true });
              } else {
                this.stack.push({
                  type: "block-map",
                  offset: this.offset,
                  indent: this.indent,
                  items: [{ start: [this.sourceToken], explicitKey: true }]
                });
              }
              this.onKeyLine = true;
              return;
            case "map-value-ind":
              if (it.explicitKey) {
                if (!it.sep) {
                  if (includesToken(it.start, "newline")) {
                    Object.assign(it, { key: null, sep: [this.sourceToken] });
                  } else {
                    const start2 = getFirstKeyStartProps(it.start);
                    this.stack.push({
                      type: "block-map",
                      offset: this.offset,
                      indent: this.indent,
                      items: [{ start: start2, key: null, sep: [this.sourceToken] }]
                    });
                  }
                } else if (it.value) {
                  map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                  });
                } else if (isFlowToken(it.key) && !includesToken(it.sep, "newline")) {
                  const start2 = getFirstKeyStartProps(it.start);
                  const key = it.key;
                  const sep = it.sep;
                  sep.push(this.sourceToken);
                  delete it.key;
                  delete it.sep;
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start2, key, sep }]
                  });
                } else if (start.length > 0) {
                  it.sep = it.sep.concat(start, this.sourceToken);
                } else {
                  it.sep.push(this.sourceToken);
                }
              } else {
                if (!it.sep) {
                  Object.assign(it, { key: null, sep: [this.sourceToken] });
                } else if (it.value || atNextItem) {
                  map.items.push({ start, key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [], key: null, sep: [this.sourceToken] }]
                  });
                } else {
                  it.sep.push(this.sourceToken);
                }
              }
              this.onKeyLine = true;
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map.items.push({ start, key: fs, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs);
              } else {
                Object.assign(it, { key: fs, sep: [] });
                this.onKeyLine = true;
              }
              return;
            }
            default: {
              const bv = this.startBlockValue(map);
              if (bv) {
                if (bv.type === "block-seq") {
                  if (!it.explicitKey && it.sep && !includesToken(it.sep, "newline")) {
                    yield* this.pop({
                      type: "error",
                      offset: this.offset,
                      message: "Unexpected block-seq-ind on same line with key",
                      source: this.source
                    });
                    return;
                  }
                } else if (atMapIndent) {
                  map.items.push({ start });
                }
                this.stack.push(bv);
                return;
              }
            }
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
          case "newline":
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                seq.items.push({ start: [this.sourceToken] });
            } else
              it.start.push(this.sourceToken);
            return;
          case "space":
          case "comment":
            if (it.value)
              seq.items.push({ start: [this.sourceToken] });
            else {
              if (this.atIndentedComment(it.start, seq.indent)) {
                const prev = seq.items[seq.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  seq.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
          case "anchor":
          case "tag":
            if (it.value || this.indent <= seq.indent)
              break;
            it.start.push(this.sourceToken);
            return;
          case "seq-item-ind":
            if (this.indent !== seq.indent)
              break;
            if (it.value || includesToken(it.start, "seq-item-ind"))
              seq.items.push({ start: [this.sourceToken] });
            else
              it.start.push(this.sourceToken);
            return;
        }
        if (this.indent > seq.indent) {
          const bv = this.startBlockValue(seq);
          if (bv) {
            this.stack.push(bv);
            return;
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === "flow-error-end") {
          let top;
          do {
            yield* this.pop();
            top = this.peek(1);
          } while (top?.type === "flow-collection");
        } else if (fc.end.length === 0) {
          switch (this.type) {
            case "comma":
            case "explicit-key-ind":
              if (!it || it.sep)
                fc.items.push({ start: [this.sourceToken] });
              else
                it.start.push(this.sourceToken);
              return;
            case "map-value-ind":
              if (!it || it.value)
                fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              return;
            case "space":
            case "comment":
            case "newline":
            case "anchor":
            case "tag":
              if (!it || it.value)
                fc.items.push({ start: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                it.start.push(this.sourceToken);
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs, sep: [] });
              else if (it.sep)
                this.stack.push(fs);
              else
                Object.assign(it, { key: fs, sep: [] });
              return;
            }
            case "flow-map-end":
            case "flow-seq-end":
              fc.end.push(this.sourceToken);
              return;
          }
          const bv = this.startBlockValue(fc);
          if (bv)
            this.stack.push(bv);
          else {
            yield* this.pop();
            yield* this.step();
          }
        } else {
          const parent = this.peek(2);
          if (parent.type === "block-map" && (this.type === "map-value-ind" && parent.indent === fc.indent || this.type === "newline" && !parent.items[parent.items.length - 1].sep)) {
            yield* this.pop();
            yield* this.step();
          } else if (this.type === "map-value-ind" && parent.type !== "flow-collection") {
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            fixFlowSeqItems(fc);
            const sep = fc.end.splice(1, fc.end.length);
            sep.push(this.sourceToken);
            const map = {
              type: "block-map",
              offset: fc.offset,
              indent: fc.indent,
              items: [{ start, key: fc, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
          } else {
            yield* this.lineEnd(fc);
          }
        }
      }
      flowScalar(type) {
        if (this.onNewLine) {
          let nl = this.source.indexOf("\n") + 1;
          while (nl !== 0) {
            this.onNewLine(this.offset + nl);
            nl = this.source.indexOf("\n", nl) + 1;
          }
        }
        return {
          type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
      }
      startBlockValue(parent) {
        switch (this.type) {
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return this.flowScalar(this.type);
          case "block-scalar-header":
            return {
              type: "block-scalar",
              offset: this.offset,
              indent: this.indent,
              props: [this.sourceToken],
              source: ""
            };
          case "flow-map-start":
          case "flow-seq-start":
            return {
              type: "flow-collection",
              offset: this.offset,
              indent: this.indent,
              start: this.sourceToken,
              items: [],
              end: []
            };
          case "seq-item-ind":
            return {
              type: "block-seq",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [this.sourceToken] }]
            };
          case "explicit-key-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            start.push(this.sourceToken);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, explicitKey: true }]
            };
          }
          case "map-value-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, key: null, sep: [this.sourceToken] }]
            };
          }
        }
        return null;
      }
      atIndentedComment(start, indent) {
        if (this.type !== "comment")
          return false;
        if (this.indent <= indent)
          return false;
        return start.every((st) => st.type === "newline" || st.type === "space");
      }
      *documentEnd(docEnd) {
        if (this.type !== "doc-mode") {
          if (docEnd.end)
            docEnd.end.push(this.sourceToken);
          else
            docEnd.end = [this.sourceToken];
          if (this.type === "newline")
            yield* this.pop();
        }
      }
      *lineEnd(token) {
        switch (this.type) {
          case "comma":
          case "doc-start":
          case "doc-end":
          case "flow-seq-end":
          case "flow-map-end":
          case "map-value-ind":
            yield* this.pop();
            yield* this.step();
            break;
          case "newline":
            this.onKeyLine = false;
          // fallthrough
          case "space":
          case "comment":
          default:
            if (token.end)
              token.end.push(this.sourceToken);
            else
              token.end = [this.sourceToken];
            if (this.type === "newline")
              yield* this.pop();
        }
      }
    };
    exports.Parser = Parser;
  }
});

// node_modules/yaml/dist/public-api.js
var require_public_api = __commonJS({
  "node_modules/yaml/dist/public-api.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var errors = require_errors();
    var log = require_log();
    var identity = require_identity();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    function parseOptions(options) {
      const prettyErrors = options.prettyErrors !== false;
      const lineCounter$1 = options.lineCounter || prettyErrors && new lineCounter.LineCounter() || null;
      return { lineCounter: lineCounter$1, prettyErrors };
    }
    function parseAllDocuments(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      const docs = Array.from(composer$1.compose(parser$1.parse(source)));
      if (prettyErrors && lineCounter2)
        for (const doc of docs) {
          doc.errors.forEach(errors.prettifyError(source, lineCounter2));
          doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
        }
      if (docs.length > 0)
        return docs;
      return Object.assign([], { empty: true }, composer$1.streamInfo());
    }
    function parseDocument(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      let doc = null;
      for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
          doc = _doc;
        else if (doc.options.logLevel !== "silent") {
          doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
          break;
        }
      }
      if (prettyErrors && lineCounter2) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter2));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
      }
      return doc;
    }
    function parse(src, reviver, options) {
      let _reviver = void 0;
      if (typeof reviver === "function") {
        _reviver = reviver;
      } else if (options === void 0 && reviver && typeof reviver === "object") {
        options = reviver;
      }
      const doc = parseDocument(src, options);
      if (!doc)
        return null;
      doc.warnings.forEach((warning) => log.warn(doc.options.logLevel, warning));
      if (doc.errors.length > 0) {
        if (doc.options.logLevel !== "silent")
          throw doc.errors[0];
        else
          doc.errors = [];
      }
      return doc.toJS(Object.assign({ reviver: _reviver }, options));
    }
    function stringify2(value, replacer, options) {
      let _replacer = null;
      if (typeof replacer === "function" || Array.isArray(replacer)) {
        _replacer = replacer;
      } else if (options === void 0 && replacer) {
        options = replacer;
      }
      if (typeof options === "string")
        options = options.length;
      if (typeof options === "number") {
        const indent = Math.round(options);
        options = indent < 1 ? void 0 : indent > 8 ? { indent: 8 } : { indent };
      }
      if (value === void 0) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
          return void 0;
      }
      if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
      return new Document.Document(value, _replacer, options).toString(options);
    }
    exports.parse = parse;
    exports.parseAllDocuments = parseAllDocuments;
    exports.parseDocument = parseDocument;
    exports.stringify = stringify2;
  }
});

// node_modules/yaml/dist/index.js
var require_dist = __commonJS({
  "node_modules/yaml/dist/index.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var Schema = require_Schema();
    var errors = require_errors();
    var Alias = require_Alias();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var cst = require_cst();
    var lexer = require_lexer();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    var publicApi = require_public_api();
    var visit = require_visit();
    exports.Composer = composer.Composer;
    exports.Document = Document.Document;
    exports.Schema = Schema.Schema;
    exports.YAMLError = errors.YAMLError;
    exports.YAMLParseError = errors.YAMLParseError;
    exports.YAMLWarning = errors.YAMLWarning;
    exports.Alias = Alias.Alias;
    exports.isAlias = identity.isAlias;
    exports.isCollection = identity.isCollection;
    exports.isDocument = identity.isDocument;
    exports.isMap = identity.isMap;
    exports.isNode = identity.isNode;
    exports.isPair = identity.isPair;
    exports.isScalar = identity.isScalar;
    exports.isSeq = identity.isSeq;
    exports.Pair = Pair.Pair;
    exports.Scalar = Scalar.Scalar;
    exports.YAMLMap = YAMLMap.YAMLMap;
    exports.YAMLSeq = YAMLSeq.YAMLSeq;
    exports.CST = cst;
    exports.Lexer = lexer.Lexer;
    exports.LineCounter = lineCounter.LineCounter;
    exports.Parser = parser.Parser;
    exports.parse = publicApi.parse;
    exports.parseAllDocuments = publicApi.parseAllDocuments;
    exports.parseDocument = publicApi.parseDocument;
    exports.stringify = publicApi.stringify;
    exports.visit = visit.visit;
    exports.visitAsync = visit.visitAsync;
  }
});

// src/cluster/spec.ts
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import path2 from "node:path";

// src/pki/layout.ts
import path from "node:path";
function pkiPaths(root) {
  return {
    root,
    caCert: path.join(root, "etcd", "ca.crt"),
    caKey: path.join(root, "etcd", "ca.key"),
    healthcheckClientCert: path.join(root, "etcd", "healthcheck-client.crt"),
    healthcheckClientKey: path.join(root, "etcd", "healthcheck-client.key"),
    apiserverClientCert: path.join(root, "apiserver-etcd-client.crt"),
    apiserverClientKey: path.join(root, "apiserver-etcd-client.key")
  };
}
function memberPkiPaths(pki, memberName) {
  const dir = path.join(pki.root, "members", memberName, "etcd");
  return {
    dir,
    caCert: path.join(dir, "ca.crt"),
    serverCert: path.join(dir, "server.crt"),
    serverKey: path.join(dir, "server.key"),
    peerCert: path.join(dir, "peer.crt"),
    peerKey: path.join(dir, "peer.key"),
    healthcheckClientCert: path.join(dir, "healthcheck-client.crt"),
    healthcheckClientKey: path.join(dir, "healthcheck-client.key")
  };
}

// src/pki/key-algorithm.ts
var KEY_ALGORITHMS = ["ecdsa-p256", "ecdsa-p384", "rsa-2048", "rsa-3072", "rsa-4096"];
var DEFAULT_KEY_ALGORITHM = "ecdsa-p256";
var KEY_PARAMETERS = {
  "ecdsa-p256": { type: "ec", namedCurve: "P-256", hash: "SHA-256" },
  "ecdsa-p384": { type: "ec", namedCurve: "P-384", hash: "SHA-384" },
  "rsa-2048": { type: "rsa", modulusLength: 2048, hash: "SHA-256" },
  "rsa-3072": { type: "rsa", modulusLength: 3072, hash: "SHA-256" },
  "rsa-4096": { type: "rsa", modulusLength: 4096, hash: "SHA-256" }
};
var CURVE_NAMES = { prime256v1: "p256", secp384r1: "p384" };
function keyAlgorithmOf(key) {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === "rsa" && details?.modulusLength) return `rsa-${details.modulusLength}`;
  if (key.asymmetricKeyType === "ec" && details?.namedCurve && CURVE_NAMES[details.namedCurve])
    return `ecdsa-${CURVE_NAMES[details.namedCurve]}`;
  return void 0;
}
function describeKeyType(key) {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return `${key.asymmetricKeyType ?? "unknown"}${curve ? ` (${curve})` : ""}`;
}

// src/cluster/spec.ts
function memberAddress(baseAddress, index) {
  const octets = baseAddress.split(".").map(Number);
  octets[3] += index;
  return octets.join(".");
}
function buildClusterSpec(stateDir, topology, timing, runId = randomBytes(4).toString("hex"), pkiRoot) {
  const root = path2.resolve(stateDir);
  const pki = pkiPaths(pkiRoot ? path2.resolve(pkiRoot) : path2.join(root, "pki"));
  const members = Array.from({ length: topology.members }, (_, index) => {
    const name = topology.memberList?.[index].name ?? `etcd-${index + 1}`;
    const address = topology.memberList?.[index].address ?? memberAddress(topology.baseAddress, index);
    return {
      name,
      address,
      clientUrl: urlOn(address, topology.clientPort),
      peerUrl: urlOn(address, topology.peerPort),
      dataDir: path2.join(root, "data", name),
      logFile: path2.join(root, "logs", `${name}.log`),
      pki: memberPkiPaths(pki, name)
    };
  });
  return {
    runId,
    token: `etcd-ha-${runId}`,
    stateDir: root,
    topology,
    timing,
    members,
    initialCluster: members.map((member) => `${member.name}=${member.peerUrl}`).join(","),
    pki
  };
}
var SPARE_DIR = "spare";
function placeOnAddress(spec, address) {
  return { address, clientPort: spec.topology.clientPort, peerPort: spec.topology.peerPort };
}
function spareMember(spec, name, place, bootstrap) {
  const { address, clientPort, peerPort } = typeof place === "string" ? placeOnAddress(spec, place) : place;
  return {
    name,
    address,
    clientUrl: urlOn(address, clientPort),
    peerUrl: urlOn(address, peerPort),
    dataDir: path2.join(spec.stateDir, "data", name),
    logFile: path2.join(spec.stateDir, "logs", `${name}.log`),
    pki: memberPkiPaths(pkiPaths(path2.join(spec.stateDir, SPARE_DIR, "pki")), name),
    ...bootstrap ? { bootstrap } : {}
  };
}
function initialClusterOf(members) {
  return members.map((member) => `${member.name}=${member.advertisedPeerUrl ?? member.peerUrl}`).join(",");
}
function urlOn(address, port) {
  return `https://${isIP(address) === 6 ? `[${address}]` : address}:${port}`;
}
function withPeerProxies(spec, port) {
  const members = spec.members.map((member) => ({ ...member, advertisedPeerUrl: urlOn(member.address, port) }));
  return {
    ...spec,
    members,
    initialCluster: members.map((member) => `${member.name}=${member.advertisedPeerUrl}`).join(",")
  };
}
function withTiming(spec, timing) {
  return { ...spec, timing };
}
function clientEndpoints(spec) {
  return spec.members.map((member) => member.clientUrl).join(",");
}
function relocatedMember(member, paths) {
  const file = (name) => path2.posix.join(paths.pkiDir, name);
  return {
    ...member,
    dataDir: paths.dataDir,
    logFile: paths.logFile ?? member.logFile,
    pki: {
      dir: paths.pkiDir,
      caCert: file("ca.crt"),
      serverCert: file("server.crt"),
      serverKey: file("server.key"),
      peerCert: file("peer.crt"),
      peerKey: file("peer.key"),
      healthcheckClientCert: file("healthcheck-client.crt"),
      healthcheckClientKey: file("healthcheck-client.key")
    }
  };
}
function givenClusterSpec(given2) {
  const pki = pkiPaths(path2.resolve(given2.pkiDir));
  const members = given2.members.map(({ name, clientUrl }) => ({
    name,
    address: new URL(clientUrl).hostname.replace(/^\[(.*)\]$/, "$1"),
    clientUrl,
    peerUrl: "",
    dataDir: "",
    logFile: "",
    pki: memberPkiPaths(pki, name)
  }));
  return {
    runId: randomBytes(4).toString("hex"),
    token: "",
    stateDir: pki.root,
    topology: {
      members: members.length,
      baseAddress: "",
      clientPort: 0,
      peerPort: 0,
      extraSans: [],
      certValidityDays: 0,
      keyAlgorithm: DEFAULT_KEY_ALGORITHM
    },
    timing: given2.timing,
    members,
    initialCluster: "",
    pki
  };
}

// src/util/safe-write.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { constants } from "node:fs";
import { lstat, open, rename, rm } from "node:fs/promises";
import path4 from "node:path";

// src/util/fs.ts
import { mkdir, stat } from "node:fs/promises";
import path3 from "node:path";
async function makeDirs(dir, mode) {
  const missing = [];
  let current = path3.resolve(dir);
  for (let depth = 0; depth < 4096; depth++) {
    const exists = await stat(current).then(
      (info) => {
        if (!info.isDirectory()) throw Object.assign(new Error(`${current} is not a folder`), { code: "ENOTDIR" });
        return true;
      },
      (error) => {
        if (error.code === "ENOENT") return false;
        throw error;
      }
    );
    if (exists) break;
    missing.unshift(current);
    const parent = path3.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) {
    await mkdir(folder, { mode }).catch((error) => {
      if (error.code !== "EEXIST") throw error;
    });
  }
}

// src/util/safe-write.ts
var SymlinkRefusedError = class extends Error {
  constructor(file, link) {
    super(
      link === file ? `${file} is a symbolic link; nothing is written through one` : `${file} is under ${link}, a symbolic link; nothing is written through one`
    );
    this.file = file;
    this.link = link;
    this.name = "SymlinkRefusedError";
  }
  file;
  link;
};
var workspaceOf = (options) => path4.resolve(options.workspace ?? (process.env.GITHUB_WORKSPACE || process.cwd()));
var isLink = (file) => lstat(file).then(
  (info) => info.isSymbolicLink(),
  () => false
);
async function assertNoSymlink(target, options = {}) {
  const file = path4.resolve(target);
  if (await isLink(file)) throw new SymlinkRefusedError(file, file);
  const workspace = workspaceOf(options);
  const relative = path4.relative(workspace, path4.dirname(file));
  if (relative.startsWith("..") || path4.isAbsolute(relative)) return;
  let current = workspace;
  for (const part of relative === "" ? [] : relative.split(path4.sep)) {
    current = path4.join(current, part);
    if (await isLink(current)) throw new SymlinkRefusedError(file, current);
  }
}
async function writeFileNoFollow(target, data, options = {}) {
  const file = path4.resolve(target);
  await assertNoSymlink(file, options);
  await makeDirs(path4.dirname(file), 493);
  await assertNoSymlink(file, options);
  const mode = options.mode ?? 420;
  const temp = path4.join(path4.dirname(file), `.${path4.basename(file)}.${randomBytes2(6).toString("hex")}.tmp`);
  const handle = await open(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    mode
  );
  try {
    await handle.writeFile(data);
    await handle.chmod(mode);
    await handle.close();
    await rename(temp, file);
  } catch (error) {
    await handle.close().catch(() => void 0);
    await rm(temp, { force: true });
    throw error;
  }
}
async function appendFileNoFollow(target, data, options = {}) {
  const file = path4.resolve(target);
  await assertNoSymlink(file, options);
  await makeDirs(path4.dirname(file), 493);
  let handle;
  try {
    handle = await open(
      file,
      constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW,
      options.mode ?? 420
    );
  } catch (error) {
    if (error.code === "ELOOP") throw new SymlinkRefusedError(file, file);
    throw error;
  }
  try {
    await handle.appendFile(data);
  } finally {
    await handle.close();
  }
}

// src/lint/etcd-flags.ts
var ETCD_MINORS = ["3.4", "3.5", "3.6"];
function parseEtcdVersion(text) {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!match) return { minor: "3.6", patch: Infinity, text, rulesOf: "3.6" };
  const major = Number(match[1]);
  const minorNumber = major < 3 ? 4 : major > 3 ? 6 : Math.min(6, Math.max(4, Number(match[2])));
  const exact = major === 3 && Number(match[2]) === minorNumber;
  return {
    minor: `3.${minorNumber}`,
    patch: exact && match[3] !== void 0 ? Number(match[3]) : Infinity,
    text,
    ...exact ? {} : { rulesOf: `3.${minorNumber}` }
  };
}
function isAtLeast(version, release) {
  const [minor, patch] = [release.split(".").slice(0, 2).join("."), Number(release.split(".")[2] ?? 0)];
  const order = minorIndex(version.minor) - minorIndex(minor);
  return order > 0 || order === 0 && version.patch >= patch;
}
var CTS = "client-transport-security";
var PTS = "peer-transport-security";
var ROWS = [
  // member
  ["name", "string", "4 5 6"],
  ["data-dir", "string", "4 5 6"],
  ["wal-dir", "string", "4 5 6"],
  ["listen-peer-urls", "urls", "4 5 6"],
  ["listen-client-urls", "urls", "4 5 6"],
  ["listen-client-http-urls", "urls", "4.25 5.8 6"],
  ["listen-metrics-urls", "urls", "4 5 6"],
  ["max-snapshots", "uint", "4 5 6"],
  ["max-wals", "uint", "4 5 6"],
  ["snapshot-count", "uint", "4 5 6"],
  ["heartbeat-interval", "uint", "4 5 6"],
  ["election-timeout", "uint", "4 5 6"],
  ["initial-election-tick-advance", "bool", "4 5 6"],
  ["quota-backend-bytes", "int", "4 5 6"],
  ["backend-batch-interval", "duration", "4 5 6"],
  ["backend-batch-limit", "int", "4 5 6"],
  ["backend-bbolt-freelist-type", "string", "5 6"],
  ["max-txn-ops", "uint", "4 5 6"],
  ["max-request-bytes", "uint", "4 5 6"],
  ["max-concurrent-streams", "uint", "4.20 5.5 6"],
  ["grpc-keepalive-min-time", "duration", "4 5 6"],
  ["grpc-keepalive-interval", "duration", "4 5 6"],
  ["grpc-keepalive-timeout", "duration", "4 5 6"],
  ["socket-reuse-port", "bool", "5 6", "socket-options.reuse-port"],
  ["socket-reuse-address", "bool", "5 6", "socket-options.reuse-address"],
  ["raft-read-timeout", "duration", "5 6", "-"],
  ["raft-write-timeout", "duration", "5 6", "-"],
  // clustering
  ["initial-advertise-peer-urls", "urls", "4 5 6"],
  ["advertise-client-urls", "urls", "4 5 6"],
  ["discovery", "string", "4 5 6"],
  ["discovery-fallback", "enum|exit|proxy", "4 5 6", "4 5:discovery-fallback"],
  ["discovery-proxy", "string", "4 5 6"],
  ["discovery-srv", "string", "4 5 6"],
  ["discovery-srv-name", "string", "4 5 6"],
  ["discovery-endpoints", "list", "6", "discovery-config.client.endpoints"],
  ["discovery-token", "string", "6", "discovery-config.token"],
  ["discovery-dial-timeout", "duration", "6", "discovery-config.client.dial-timeout"],
  ["discovery-request-timeout", "duration", "6", "discovery-config.client.request-timeout"],
  ["discovery-keepalive-time", "duration", "6", "discovery-config.client.keepalive-time"],
  ["discovery-keepalive-timeout", "duration", "6", "discovery-config.client.keepalive-timeout"],
  ["discovery-insecure-transport", "bool", "6", "discovery-config.client.secure.insecure-transport"],
  ["discovery-insecure-skip-tls-verify", "bool", "6", "discovery-config.client.secure.insecure-skip-tls-verify"],
  ["discovery-cert", "string", "6", "discovery-config.client.secure.cert"],
  ["discovery-key", "string", "6", "discovery-config.client.secure.key"],
  ["discovery-cacert", "string", "6", "discovery-config.client.secure.cacert"],
  ["discovery-user", "string", "6", "discovery-config.client.auth.username"],
  ["discovery-password", "string", "6", "discovery-config.client.auth.password"],
  ["initial-cluster", "string", "4 5 6"],
  ["initial-cluster-token", "string", "4 5 6"],
  ["initial-cluster-state", "enum|new|existing", "4 5 6"],
  ["strict-reconfig-check", "bool", "4 5 6"],
  ["pre-vote", "bool", "4 5 6"],
  ["auto-compaction-retention", "string", "4 5 6"],
  ["auto-compaction-mode", "string", "4 5 6"],
  ["enable-v2", "bool", "4 5"],
  ["v2-deprecation", "enum|not-yet|write-only|write-only-drop-data|gone", "5 6"],
  ["max-learners", "int", "6"],
  // v2 proxy
  ["proxy", "enum|off|readonly|on", "4 5"],
  ["proxy-failure-wait", "uint", "4 5"],
  ["proxy-refresh-interval", "uint", "4 5"],
  ["proxy-dial-timeout", "uint", "4 5"],
  ["proxy-write-timeout", "uint", "4 5"],
  ["proxy-read-timeout", "uint", "4 5"],
  // security
  ["cert-file", "string", "4 5 6", `${CTS}.cert-file`],
  ["key-file", "string", "4 5 6", `${CTS}.key-file`],
  ["client-cert-file", "string", "5 6", `${CTS}.client-cert-file`],
  ["client-key-file", "string", "5 6", `${CTS}.client-key-file`],
  ["client-cert-auth", "bool", "4 5 6", `${CTS}.client-cert-auth`],
  ["client-crl-file", "string", "4 5 6", "-"],
  ["client-cert-allowed-hostname", "list", "4 5 6", `5 6:${CTS}.allowed-hostname`],
  ["trusted-ca-file", "string", "4 5 6", `${CTS}.trusted-ca-file`],
  ["auto-tls", "bool", "4 5 6", `${CTS}.auto-tls`],
  ["peer-cert-file", "string", "4 5 6", `${PTS}.cert-file`],
  ["peer-key-file", "string", "4 5 6", `${PTS}.key-file`],
  ["peer-client-cert-file", "string", "5 6", `${PTS}.client-cert-file`],
  ["peer-client-key-file", "string", "5 6", `${PTS}.client-key-file`],
  ["peer-client-cert-auth", "bool", "4 5 6", `${PTS}.client-cert-auth`],
  ["peer-trusted-ca-file", "string", "4 5 6", `${PTS}.trusted-ca-file`],
  ["peer-cert-allowed-cn", "list", "4 5 6", `5 6:${PTS}.allowed-cn`],
  ["peer-cert-allowed-hostname", "list", "4 5 6", `5 6:${PTS}.allowed-hostname`],
  ["peer-auto-tls", "bool", "4 5 6", `${PTS}.auto-tls`],
  ["peer-crl-file", "string", "4 5 6", "-"],
  ["self-signed-cert-validity", "uint", "5 6"],
  ["cipher-suites", "list", "4 5 6"],
  ["tls-min-version", "string", "4.25 5.8 6"],
  ["tls-max-version", "string", "4.25 5.8 6"],
  ["cors", "list", "4 5 6"],
  ["host-whitelist", "list", "4 5 6"],
  [
    "experimental-peer-skip-client-san-verification",
    "bool",
    "4 5 6",
    "6:experimental-peer-skip-client-san-verification"
  ],
  ["peer-skip-client-san-verification", "bool", "6", `${PTS}.skip-client-san-verification`],
  // logging
  ["logger", "string", "4 5 6"],
  ["log-outputs", "list", "4 5 6"],
  ["log-level", "string", "4 5 6"],
  ["log-format", "string", "6"],
  ["enable-log-rotation", "bool", "5 6"],
  ["log-rotation-config-json", "string", "5 6"],
  ["log-output", "list", "4"],
  ["debug", "bool", "4"],
  ["log-package-levels", "string", "4"],
  // auth, profiling, unsafe
  ["auth-token", "string", "4 5 6"],
  ["bcrypt-cost", "uint", "4 5 6"],
  ["auth-token-ttl", "uint", "4.10 5 6"],
  ["enable-pprof", "bool", "4 5 6"],
  ["metrics", "string", "4 5 6"],
  ["enable-grpc-gateway", "bool", "4 5 6"],
  ["force-new-cluster", "bool", "4 5 6"],
  ["unsafe-no-fsync", "bool", "4.10 5 6"],
  ["next-cluster-version-compatible", "bool", "4.31"],
  ["feature-gates", "string", "6"],
  ["config-file", "string", "4 5 6", "-"],
  ["version", "bool", "4 5 6", "-"],
  // experimental
  ["experimental-initial-corrupt-check", "bool", "4 5 6"],
  ["experimental-corrupt-check-time", "duration", "4 5 6"],
  ["experimental-compact-hash-check-enabled", "bool", "5.5 6"],
  ["experimental-compact-hash-check-time", "duration", "5.5 6"],
  ["experimental-enable-v2v3", "string", "4 5"],
  ["experimental-backend-bbolt-freelist-type", "string", "4"],
  ["experimental-enable-lease-checkpoint", "bool", "4 5 6"],
  ["experimental-enable-lease-checkpoint-persist", "bool", "4.20 5.2 6"],
  ["experimental-compaction-batch-limit", "int", "4 5 6"],
  ["experimental-compaction-sleep-interval", "duration", "5.16 6"],
  ["experimental-watch-progress-notify-interval", "duration", "4.11 5 6"],
  ["experimental-warning-apply-duration", "duration", "4.16 5 6"],
  ["experimental-warning-unary-request-duration", "duration", "6"],
  ["experimental-bootstrap-defrag-threshold-megabytes", "uint", "5 6"],
  ["experimental-downgrade-check-time", "duration", "5 6"],
  ["experimental-memory-mlock", "bool", "5 6"],
  ["experimental-snapshot-catchup-entries", "uint", "5.14 6", "experimental-snapshot-catch-up-entries"],
  ["experimental-stop-grpc-service-on-defrag", "bool", "5.14 6"],
  ["experimental-txn-mode-write-with-shared-buffer", "bool", "5 6"],
  ["experimental-enable-distributed-tracing", "bool", "5 6"],
  ["experimental-distributed-tracing-address", "string", "5 6"],
  ["experimental-distributed-tracing-service-name", "string", "5 6"],
  ["experimental-distributed-tracing-instance-id", "string", "5 6"],
  ["experimental-distributed-tracing-sampling-rate", "int", "5.11 6"],
  // 3.6 names of experimental flags
  ["corrupt-check-time", "duration", "6"],
  ["compact-hash-check-time", "duration", "6"],
  ["compaction-batch-limit", "int", "6"],
  ["compaction-sleep-interval", "duration", "6"],
  ["watch-progress-notify-interval", "duration", "6"],
  ["warning-apply-duration", "duration", "6"],
  ["warning-unary-request-duration", "duration", "6"],
  ["bootstrap-defrag-threshold-megabytes", "uint", "6"],
  ["downgrade-check-time", "duration", "6"],
  ["memory-mlock", "bool", "6"],
  ["snapshot-catchup-entries", "uint", "6"],
  ["enable-distributed-tracing", "bool", "6"],
  ["distributed-tracing-address", "string", "6"],
  ["distributed-tracing-service-name", "string", "6"],
  ["distributed-tracing-instance-id", "string", "6"],
  ["distributed-tracing-sampling-rate", "int", "6"]
];
var RENAMED_IN_3_6 = [
  "corrupt-check-time",
  "compact-hash-check-time",
  "compaction-batch-limit",
  "compaction-sleep-interval",
  "watch-progress-notify-interval",
  "warning-apply-duration",
  "warning-unary-request-duration",
  "bootstrap-defrag-threshold-megabytes",
  "downgrade-check-time",
  "memory-mlock",
  "snapshot-catchup-entries",
  "peer-skip-client-san-verification",
  "enable-distributed-tracing",
  "distributed-tracing-address",
  "distributed-tracing-service-name",
  "distributed-tracing-instance-id",
  "distributed-tracing-sampling-rate"
];
var CHANGES = [
  { flags: ["debug"], deprecated: "3.4.0", removed: "3.5.0", use: "log-level=debug" },
  { flags: ["log-output"], deprecated: "3.4.0", removed: "3.5.0", use: "log-outputs" },
  { flags: ["log-package-levels"], deprecated: "3.4.0", removed: "3.5.0", use: "log-level" },
  { flags: ["experimental-backend-bbolt-freelist-type"], removed: "3.5.0", use: "backend-bbolt-freelist-type" },
  { flags: ["enable-v2", "experimental-enable-v2v3"], deprecated: "3.5.0", removed: "3.6.0", use: "the v3 API" },
  {
    flags: [
      "proxy",
      "proxy-failure-wait",
      "proxy-refresh-interval",
      "proxy-dial-timeout",
      "proxy-write-timeout",
      "proxy-read-timeout"
    ],
    deprecated: "3.5.0",
    removed: "3.6.0",
    use: "`etcd grpc-proxy`"
  },
  // 3.6.8 revoked the deprecation of --snapshot-count (etcd-io/etcd#21163).
  { flags: ["snapshot-count"], deprecated: "3.6.0", revoked: "3.6.8" },
  { flags: ["max-snapshots"], deprecated: "3.6.0" },
  { flags: ["v2-deprecation"], deprecated: "3.6.0" },
  ...RENAMED_IN_3_6.map((name) => ({ flags: [`experimental-${name}`], deprecated: "3.6.0", use: name }))
];
var minorOf = (release) => release.split(".").slice(0, 2).join(".");
var FEATURE_GATE_FLAGS = {
  "experimental-initial-corrupt-check": "InitialCorruptCheck",
  "experimental-compact-hash-check-enabled": "CompactHashCheck",
  "experimental-txn-mode-write-with-shared-buffer": "TxnModeWriteWithSharedBuffer",
  "experimental-enable-lease-checkpoint": "LeaseCheckpoint",
  "experimental-enable-lease-checkpoint-persist": "LeaseCheckpointPersist",
  "experimental-stop-grpc-service-on-defrag": "StopGRPCServiceOnDefrag"
};
var FEATURE_GATES_3_6 = [
  "StopGRPCServiceOnDefrag",
  "TxnModeWriteWithSharedBuffer",
  "InitialCorruptCheck",
  "CompactHashCheck",
  "LeaseCheckpoint",
  "LeaseCheckpointPersist",
  "SetMemberLocalAddr"
];
var TRANSPORT_SECURITY_KEYS = {
  "3.4": ["cert-file", "key-file", "client-cert-auth", "trusted-ca-file", "auto-tls"],
  "3.5": [
    "cert-file",
    "key-file",
    "client-cert-file",
    "client-key-file",
    "client-cert-auth",
    "trusted-ca-file",
    "auto-tls",
    "allowed-cn",
    "allowed-hostname"
  ],
  "3.6": [
    "cert-file",
    "key-file",
    "client-cert-file",
    "client-key-file",
    "client-cert-auth",
    "trusted-ca-file",
    "auto-tls",
    "allowed-cn",
    "allowed-hostname",
    "skip-client-san-verification"
  ]
};
function parseRow([name, kindText, releases, yaml]) {
  const [kind, ...values] = kindText.split("|");
  const since = {};
  for (const token of releases.split(" ")) {
    const [minor, patch] = token.split(".");
    since[`3.${minor}`] = patch === void 0 ? 0 : Number(patch);
  }
  const yamlKeys = {};
  if (yaml !== "-") {
    const [limit, key] = yaml?.includes(":") ? yaml.split(":") : [void 0, yaml ?? name];
    for (const minor of Object.keys(since)) {
      if (!limit || limit.split(" ").includes(minor.slice(2))) yamlKeys[minor] = key;
    }
  }
  return { name, kind, ...values.length > 0 ? { values } : {}, since, yaml: yamlKeys };
}
var FLAGS = new Map(ROWS.map((row) => [row[0], parseRow(row)]));
function minorIndex(minor) {
  return ETCD_MINORS.indexOf(minor);
}
function flagInfo(name, version) {
  const spec = FLAGS.get(name);
  const sincePatch = spec?.since[version.minor];
  const known = sincePatch !== void 0 && version.patch >= sincePatch;
  const status = { spec, known };
  if (sincePatch !== void 0 && !known) status.since = `${version.minor}.${sincePatch}`;
  for (const change of CHANGES) {
    if (!change.flags.includes(name)) continue;
    if (change.removed && isAtLeast(version, change.removed)) status.removedIn = minorOf(change.removed);
    else if (change.deprecated && isAtLeast(version, change.deprecated) && !(change.revoked && isAtLeast(version, change.revoked)))
      status.deprecatedIn = minorOf(change.deprecated);
    if (change.use) status.use = change.use;
  }
  if (version.minor === "3.6" && FEATURE_GATE_FLAGS[name]) {
    status.deprecatedIn = "3.6";
    status.use = `feature-gates=${FEATURE_GATE_FLAGS[name]}=true`;
  }
  return status;
}
function knownFlags(version) {
  return [...FLAGS.keys()].filter((name) => flagInfo(name, version).known);
}
function flagOfYamlKey(key, version) {
  const wanted = key.toLowerCase();
  for (const spec of FLAGS.values()) {
    if (spec.yaml[version.minor] === wanted && flagInfo(spec.name, version).known) return spec;
  }
  return void 0;
}
function yamlKeyStatus(key, version) {
  const lower = key.toLowerCase();
  if (flagOfYamlKey(lower, version)) return "known";
  const [section, ...rest] = lower.split(".");
  const inner = rest.join(".");
  if (section === CTS || section === PTS)
    return TRANSPORT_SECURITY_KEYS[version.minor].includes(inner) ? "known" : "unknown";
  if (section === "discovery-config" && version.minor === "3.6") return "known";
  return "unknown";
}
function knownYamlKeys(version) {
  const keys = /* @__PURE__ */ new Set();
  for (const spec of FLAGS.values()) {
    const key = spec.yaml[version.minor];
    if (key && flagInfo(spec.name, version).known) keys.add(key);
  }
  for (const inner of TRANSPORT_SECURITY_KEYS[version.minor]) {
    keys.add(`${CTS}.${inner}`);
    keys.add(`${PTS}.${inner}`);
  }
  return [...keys];
}
function envOfFlag(name) {
  return `ETCD_${name.toUpperCase().replace(/-/g, "_")}`;
}
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
function nearest(word, candidates) {
  const lower = word.toLowerCase();
  let best;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return void 0;
  const limit = Math.max(2, Math.floor(lower.length / 4));
  return best.distance <= limit ? best.candidate : void 0;
}

// src/lint/readers/reader-rules.ts
var READER_RULE_IDS = {
  parse: "ETCD-PARSE",
  skipped: "ETCD-SKIPPED",
  unresolvedInclude: "ETCD-UNRESOLVED-INCLUDE",
  release: "ETCD-RELEASE"
};
var READER_RULES = [
  {
    id: READER_RULE_IDS.parse,
    severity: "error",
    name: "does-not-parse",
    etcdDoes: "A configuration that does not parse does not start etcd as written: etcd, kubeadm or systemd refuse the file, or systemd reads a unit line differently (a comment after a continuation backslash ends the line; a flag line without the backslash before it is ignored), and etcd exits on arguments that are no flags.",
    fix: "Fix the syntax at the position given: YAML indentation and quotes, a backslash as the very last character of each continued unit line with comments on lines of their own, `--flag=true` for boolean flags."
  },
  {
    id: READER_RULE_IDS.skipped,
    severity: "notice",
    name: "file-skipped",
    etcdDoes: "Nothing: the file is binary, over 1 MiB, cannot be read, or is a symbolic link leading out of the scanned folder, so the linter does not read it.",
    fix: "Lint the configuration file itself, or the folder its link points into."
  },
  {
    id: READER_RULE_IDS.unresolvedInclude,
    severity: "warning",
    name: "include-not-found",
    etcdDoes: "etcd gets the settings of an `EnvironmentFile=` or `--config-file` that is not among the scanned files; they are not linted, and with `--config-file` etcd ignores every other flag and ETCD_* variable.",
    fix: "Add the file to the scanned paths: in the unit\u2019s own folder, or as the one scanned file whose path ends like the one named (`cfg/etcd.conf` for `/opt/etcd/cfg/etcd.conf`); several candidates are only noted, with their names."
  },
  {
    id: READER_RULE_IDS.release,
    severity: "notice",
    name: "release-not-known",
    etcdDoes: "Nothing: the etcd version given is outside the releases the rules know (3.4, 3.5, 3.6), so the rules of the nearest one are applied; flags that release added, deprecated or removed are not judged.",
    fix: "Lint for a release the rules know (`--etcd-version 3.6.16`), or read that release\u2019s CHANGELOG for what changed."
  }
];

// src/lint/model.ts
function settingOf(member, name) {
  for (let i = member.settings.length - 1; i >= 0; i--) if (member.settings[i].name === name) return member.settings[i];
  return void 0;
}
function findingAt(setting, severity, rule, message, atValue = false) {
  const at2 = atValue && setting.valueAt ? setting.valueAt : setting.at;
  return { file: at2.file, line: at2.line, column: at2.column, severity, rule, message };
}

// src/lint/rules/rule.ts
var ALL_RELEASES = ETCD_MINORS;
function report(rule, at2, message, atValue = false) {
  return findingAt(at2, rule.severity, rule.id, message, atValue);
}
function refuses(etcdMessage) {
  return `etcd refuses to start: "${etcdMessage}"`;
}
function written(setting) {
  const separator = setting.source === "flag" || setting.source === "env" ? "=" : ": ";
  return `\`${setting.key}${separator}${setting.value}\``;
}
function readsYaml(member) {
  return member.form === "etcd-config-file" || member.settings.some((setting) => setting.source === "config-file");
}
function isFlag(setting) {
  return setting.source === "flag" || setting.source === "kubeadm" || setting.source === "kubeadm-default";
}
function defaultOf(name, version) {
  const defaults = {
    name: "default",
    "heartbeat-interval": "100",
    "election-timeout": "1000",
    "snapshot-count": version.minor === "3.6" ? "10000" : "100000",
    "quota-backend-bytes": "0",
    "max-request-bytes": "1572864",
    "listen-peer-urls": "http://localhost:2380",
    "listen-client-urls": "http://localhost:2379",
    "initial-advertise-peer-urls": "http://localhost:2380",
    "advertise-client-urls": "http://localhost:2379",
    "initial-cluster-state": "new",
    "initial-cluster-token": "etcd-cluster",
    "auto-compaction-mode": "periodic",
    "auto-compaction-retention": "0",
    logger: version.minor === "3.4" ? "capnslog" : "zap",
    "log-level": "info",
    "log-outputs": "default",
    "auth-token": "simple",
    "bcrypt-cost": "10"
  };
  return defaults[name];
}
function valueOf(member, name, version) {
  return settingOf(member, name)?.value ?? defaultOf(name, version);
}
function isTrue(value) {
  return value !== void 0 && /^(1|t|true|y|yes|on)$/i.test(value.trim());
}
function anchorOf(member, ...names) {
  for (const name of [...names, "name"]) {
    const setting = settingOf(member, name);
    if (setting) return setting;
  }
  return member.settings[0] ?? { at: { file: member.file, line: 1, column: 1 } };
}
function flagValueError(setting, error, isBool = false) {
  const value = JSON.stringify(setting.value);
  if (setting.source === "env") return `invalid value ${value} for ${setting.key}: ${error}`;
  return isBool ? `invalid boolean value ${value} for -${setting.name}: ${error}` : `invalid value ${value} for flag -${setting.name}: ${error}`;
}
function appliedMember(member, version) {
  const settings = member.settings.filter((setting) => {
    if (setting.source === "config-file") return yamlKeyStatus(setting.key, version) === "known";
    return setting.source !== "env" || setting.value !== "";
  });
  return settings.length === member.settings.length ? member : { ...member, settings };
}
function isTemplated(value) {
  return /\$\{[^}]*\}|\$[A-Za-z_]\w*|\{\{.*?\}\}|<[^<>\s]+>/.test(value);
}

// src/lint/rules/urls.ts
var SCHEMES = ["http", "https", "unix", "unixs"];
function splitHostPort(hostPort) {
  if (hostPort.startsWith("[")) {
    const end = hostPort.indexOf("]");
    if (end < 0 || hostPort[end + 1] !== ":") return void 0;
    return { hostname: hostPort.slice(1, end), port: hostPort.slice(end + 2) };
  }
  const colon = hostPort.lastIndexOf(":");
  if (colon < 0 || hostPort.indexOf(":") !== colon) return void 0;
  return { hostname: hostPort.slice(0, colon), port: hostPort.slice(colon + 1) };
}
function parseEtcdUrl(raw) {
  const text = raw.trim();
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text);
  if (!schemeMatch) {
    const firstSegment = text.split("/")[0];
    if (firstSegment.includes(":")) return { error: `parse "${text}": first path segment in URL cannot contain colon` };
    return { error: `URL scheme must be http, https, unix, or unixs: ${text}` };
  }
  const scheme = schemeMatch[1].toLowerCase();
  if (!SCHEMES.includes(scheme)) return { error: `URL scheme must be http, https, unix, or unixs: ${text}` };
  const rest = text.slice(schemeMatch[0].length);
  const authority = rest.startsWith("//") ? /^\/\/([^/?#]*)/.exec(rest)[1] : "";
  const afterAuthority = rest.startsWith("//") ? rest.slice(2 + authority.length) : rest;
  const host = authority.includes("@") ? authority.slice(authority.lastIndexOf("@") + 1) : authority;
  const split = splitHostPort(host);
  if (!split) return { error: `URL address does not have the form "host:port": ${text}` };
  const path10 = afterAuthority.split(/[?#]/)[0];
  if (path10 !== "") return { error: `URL must not contain a path: ${text}` };
  return { url: { text, scheme, host, hostname: split.hostname, port: split.port } };
}
function parseUrlList(value) {
  const urls = [];
  for (const part of value.split(",")) {
    const result = parseEtcdUrl(part);
    if ("error" in result) return { urls, error: result.error };
    urls.push(result.url);
  }
  return { urls };
}
function parseInitialCluster(value) {
  const entries = [];
  if (value.trim() === "") return { entries };
  for (const part of value.split(",")) {
    if (part === "") continue;
    if (part.includes(";")) return { entries, error: "invalid semicolon separator in query" };
    const equals = part.indexOf("=");
    const name = decodeQueryPart(equals < 0 ? part : part.slice(0, equals));
    const url = decodeQueryPart(equals < 0 ? "" : part.slice(equals + 1));
    if (name === void 0 || url === void 0)
      return { entries, error: `invalid URL escape in ${JSON.stringify(part)}` };
    const parsed = parseEtcdUrl(url);
    if ("error" in parsed) return { entries, error: parsed.error };
    entries.push({ name, url: parsed.url.text });
  }
  return { entries };
}
function decodeQueryPart(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return void 0;
  }
}
function isIpLiteral(hostname) {
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(hostname)) return true;
  return hostname.includes(":") && /^[0-9a-fA-F:.]+$/.test(hostname) && (hostname.match(/::/g)?.length ?? 0) <= 1;
}
function normalizeUrl(text) {
  const parsed = parseEtcdUrl(text);
  return "url" in parsed ? `${parsed.url.scheme}://${parsed.url.host.toLowerCase()}` : text.trim();
}
function isLoopback(hostname) {
  return hostname === "localhost" || hostname.startsWith("127.") || hostname === "::1";
}
function hiddenUrlParts(raw) {
  const text = raw.trim();
  const match = /^(https?):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/is.exec(text);
  if (!match) return [];
  const [, , authority, path10, query, fragment] = match;
  const parts = [];
  const at2 = authority.lastIndexOf("@");
  if (at2 >= 0) parts.push(`a login part (${authority.slice(0, at2 + 1)})`);
  if (path10 !== "") parts.push(`a path (${path10})`);
  if (query !== void 0) parts.push(`a query (${query})`);
  if (fragment !== void 0) parts.push(`a fragment (${fragment})`);
  return parts;
}
function hiddenUrlPartsMessage(written2, url) {
  const parts = hiddenUrlParts(url);
  if (parts.length === 0) return void 0;
  const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(url.trim())?.[1] ?? "";
  const at2 = authority.lastIndexOf("@");
  const used = at2 >= 0 ? `Go's URL parser takes the host after the last '@', so etcd binds or advertises ${authority.slice(at2 + 1)}, not the address written first` : `etcd uses only ${authority}`;
  return `${written2} holds '${url.trim()}', which has ${parts.join(", ")}; ${used}. Write it as scheme://host:port only.`;
}

// src/lint/rules/startup-urls.ts
var LISTEN_URL_SETTINGS = [
  "listen-peer-urls",
  "listen-client-urls",
  "listen-client-http-urls",
  "listen-metrics-urls"
];
var ADVERTISE_URL_SETTINGS = ["initial-advertise-peer-urls", "advertise-client-urls"];
var URL_SETTINGS = [...LISTEN_URL_SETTINGS, ...ADVERTISE_URL_SETTINGS];
function parsedOccurrences(member, name) {
  const all = member.settings.filter((setting) => setting.name === name && !isTemplated(setting.value));
  const flags = all.filter(isFlag);
  if (flags.length > 0) return flags;
  return all.length > 0 ? [all[all.length - 1]] : [];
}
function validUrlSettings(member, names) {
  return names.flatMap(
    (name) => parsedOccurrences(member, name).flatMap((setting) => {
      if (setting.value.trim() === "") return [];
      const parsed = parseUrlList(setting.value);
      return parsed.error ? [] : [{ setting, urls: parsed.urls }];
    })
  );
}
var invalidUrl = {
  info: {
    id: "ETCD-101",
    severity: "error",
    name: "invalid-url",
    etcdDoes: "Refuses to start: every listen and advertise URL must be http, https, unix or unixs, with host:port and no path.",
    fix: "Write each URL as scheme://host:port, for example https://10.0.0.11:2380, separated by commas."
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    return URL_SETTINGS.flatMap(
      (name) => parsedOccurrences(member, name).flatMap((setting) => {
        if (setting.value.trim() === "") return [];
        const { error } = parseUrlList(setting.value);
        if (!error) return [];
        return [
          report(
            this.info,
            setting,
            `${written(setting)} is not a list of URLs etcd takes (scheme://host:port, no path); ${refuses(error)}.`,
            true
          )
        ];
      })
    );
  }
};
var listenUrlNotIp = {
  info: {
    id: "ETCD-102",
    severity: "error",
    name: "listen-url-not-ip",
    etcdDoes: "Refuses to start: a listen URL must name an IP address (or localhost) to bind to, not a host name.",
    fix: "Listen on the member\u2019s IP (or 0.0.0.0) and put the host name in the advertise URLs."
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    return validUrlSettings(member, LISTEN_URL_SETTINGS).flatMap(({ setting, urls }) => {
      const named = urls.find(
        (url) => !url.scheme.startsWith("unix") && url.hostname !== "localhost" && !isIpLiteral(url.hostname)
      );
      if (!named) return [];
      const message = `${written(setting)}: etcd binds a listen URL to an IP address or localhost, and ${named.hostname} is a host name; ${refuses(`expected IP in URL for binding (${named.scheme}://${named.host})`)}.`;
      return [report(this.info, setting, message, true)];
    });
  }
};
var advertiseUrlWithoutHost = {
  info: {
    id: "ETCD-103",
    severity: "error",
    name: "advertise-url-without-host",
    etcdDoes: "Refuses to start: an advertised URL must name the host other members and clients reach.",
    fix: "Write the member\u2019s address or DNS name in the advertise URL, for example https://10.0.0.11:2380."
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    return validUrlSettings(member, ADVERTISE_URL_SETTINGS).flatMap(({ setting, urls }) => {
      const empty = urls.find((url) => url.hostname === "");
      if (!empty) return [];
      const all = urls.map((url) => `${url.scheme}://${url.host}`).join(",");
      const etcdMessage = `--${setting.name} ${JSON.stringify(all)} must be "host:port" (unexpected empty host (${empty.scheme}://${empty.host}))`;
      return [report(this.info, setting, `${written(setting)} has no host; ${refuses(etcdMessage)}.`, true)];
    });
  }
};
function usesDiscovery(member) {
  return ["discovery", "discovery-srv", "discovery-endpoints"].some(
    (name) => (settingOf(member, name)?.value ?? "").trim() !== ""
  );
}
var invalidInitialCluster = {
  info: {
    id: "ETCD-104",
    severity: "error",
    name: "invalid-initial-cluster",
    etcdDoes: "Refuses to start: initial-cluster must be a comma-separated list of name=URL.",
    fix: "Write initial-cluster as name=scheme://host:port for every member, for example etcd-1=https://10.0.0.11:2380,etcd-2=https://10.0.0.12:2380."
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    const setting = settingOf(member, "initial-cluster");
    if (!setting || setting.value.trim() === "" || isTemplated(setting.value) || usesDiscovery(member)) return [];
    const { error } = parseInitialCluster(setting.value);
    if (!error) return [];
    const message = `${written(setting)} is not a list of name=URL entries; ${refuses(`error setting up initial cluster: ${error}`)}.`;
    return [report(this.info, setting, message, true)];
  }
};
var advertiseClientUrlsMissing = {
  info: {
    id: "ETCD-108",
    severity: "error",
    name: "advertise-client-urls-missing",
    etcdDoes: "Refuses to start: with listen-client-urls given as a flag or ETCD_* variable, advertise-client-urls must be given too.",
    fix: "Set advertise-client-urls to the client URLs clients use to reach this member."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    if (readsYaml(member)) return [];
    const listen = settingOf(member, "listen-client-urls");
    if (!listen || settingOf(member, "advertise-client-urls")) return [];
    if (version.minor !== "3.6") {
      const proxy = settingOf(member, "proxy")?.value ?? "off";
      const fallback = settingOf(member, "discovery-fallback")?.value ?? "proxy";
      if (proxy !== "off" || (settingOf(member, "discovery")?.value ?? "") !== "" && fallback === "proxy") return [];
    }
    const etcdMessage = "--advertise-client-urls is required when --listen-client-urls is set explicitly";
    return [
      report(this.info, listen, `${written(listen)} is set but advertise-client-urls is not; ${refuses(etcdMessage)}.`)
    ];
  }
};
var clientUrlListedTwice = {
  info: {
    id: "ETCD-118",
    severity: "error",
    name: "client-url-listed-twice",
    etcdDoes: "Refuses to start (3.4.25+, 3.5.8+, 3.6) when one URL is in both listen-client-urls and listen-client-http-urls.",
    fix: "Give listen-client-http-urls its own port: it serves HTTP only, beside the gRPC of listen-client-urls."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const http = validUrlSettings(member, ["listen-client-http-urls"]);
    const grpc = validUrlSettings(member, ["listen-client-urls"]).flatMap(
      ({ urls }) => urls.map((url) => `${url.scheme}://${url.host}`)
    );
    return http.flatMap(({ setting, urls }) => {
      const shared = urls.find((url) => grpc.includes(`${url.scheme}://${url.host}`));
      if (!shared) return [];
      const flags = version.minor === "3.6" ? "--listen-client-urls and --listen-client-http-urls" : "--client-listen-urls and --client-listen-http-urls";
      const etcdMessage = `cannot bind both ${flags} on the same url ${shared.scheme}://${shared.host}`;
      return [
        report(
          this.info,
          setting,
          `${written(setting)}: ${shared.text} is in listen-client-urls too; ${refuses(etcdMessage)}.`,
          true
        )
      ];
    });
  }
};
function urlsWithHiddenParts(setting) {
  const urls = setting.name === "initial-cluster" ? parseInitialCluster(setting.value).entries.map((entry) => entry.url) : URL_SETTINGS.includes(setting.name) ? setting.value.split(",") : [];
  return urls.flatMap((url) => hiddenUrlPartsMessage(`\`${setting.key}\``, url) ?? []);
}
var urlHiddenParts = {
  info: {
    id: "ETCD-410",
    severity: "error",
    name: "url-hidden-parts",
    etcdDoes: "Takes a URL with a login part (user:password@), query or fragment and ignores those parts: it binds or advertises the host after the last @, so http://10.0.0.11:2381@0.0.0.0:2381 reads as one address and listens on every interface.",
    fix: "Write each URL as scheme://host:port only."
  },
  member(member) {
    return [...URL_SETTINGS, "initial-cluster"].flatMap(
      (name) => (
        // A URL list etcd refuses (a path, say) is invalid-url's finding.
        parsedOccurrences(member, name).flatMap(
          (setting) => (name !== "initial-cluster" && parseUrlList(setting.value).error ? [] : urlsWithHiddenParts(setting)).slice(0, 1).map((message) => report(this.info, setting, message, true))
        )
      )
    );
  }
};

// src/lint/rules/boot.ts
var MAX_CONFIG_MEMBERS = 9;
var SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
var URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(\[[^\]]*\]|[^/:?#]*)(?::(\d*))?(.*)$/s;
var URL_LISTS = /* @__PURE__ */ new Set([
  "listen-client-urls",
  "listen-client-http-urls",
  "advertise-client-urls",
  "listen-peer-urls",
  "initial-advertise-peer-urls",
  "listen-metrics-urls"
]);
function splitUrl(url) {
  const match = URL_PARTS.exec(url.trim());
  if (!match) return void 0;
  const [, scheme, host, port, rest] = match;
  return { scheme: scheme.toLowerCase(), host: host.replace(/^\[(.*)\]$/, "$1"), port, rest };
}
var listItems = (value) => value.split(",").map((item) => item.trim()).filter((item) => item !== "");
function urlsOf(setting) {
  if (setting.name === "initial-cluster")
    return listItems(setting.value).map((entry) => entry.split(/=(.*)/s)[1] ?? "");
  return URL_LISTS.has(setting.name) ? listItems(setting.value) : [];
}
var FIX_SET = "Boot the folder that holds every member\u2019s file, one file per member, each listing all of them in initial-cluster.";
function bootRule(id, name, etcdDoes, fix) {
  return { id, severity: "error", name, etcdDoes: `\`etcd-ha run --config\` refuses to start: ${etcdDoes}`, fix };
}
var BOOT_RULE_INFO = {
  tooManyMembers: bootRule(
    "ETCD-601",
    "boot-too-many-members",
    `the configuration has more than ${MAX_CONFIG_MEMBERS} members, the most a run starts.`,
    `Boot at most ${MAX_CONFIG_MEMBERS} members' files.`
  ),
  memberTwice: bootRule(
    "ETCD-602",
    "boot-member-defined-twice",
    "two files define one member name, so the run cannot tell which to start.",
    "Give each member one file: leave the copy out of the folder booted."
  ),
  unsafeName: bootRule(
    "ETCD-603",
    "boot-member-name",
    "the run names folders and containers after each member, so a name must be letters, digits, `.`, `_` and `-` (up to 63).",
    "Rename the member (and its initial-cluster entries)."
  ),
  discovery: bootRule(
    "ETCD-604",
    "boot-discovery",
    "a member bootstraps through discovery, which names no member; the run needs initial-cluster.",
    "Write initial-cluster naming every member instead of discovery or discovery-srv."
  ),
  configFile: bootRule(
    "ETCD-605",
    "boot-config-file-not-given",
    "the member reads a --config-file that is not among the files given, so its settings are not known.",
    "Give that file too (in the folder booted)."
  ),
  unixSocket: bootRule(
    "ETCD-606",
    "boot-unix-socket-url",
    "a URL is a unix socket; the run maps every URL to a member\u2019s address, which a unix socket has none of.",
    "Use scheme://host:port URLs in the configuration booted."
  ),
  notUrl: bootRule(
    "ETCD-607",
    "boot-not-a-url",
    "a URL is not scheme://host:port (a path, or no scheme), so the run cannot map it to a member\u2019s address.",
    "Write each URL as scheme://host:port."
  ),
  noInitialCluster: bootRule(
    "ETCD-608",
    "boot-no-initial-cluster",
    "a member of a configuration of several has no initial-cluster, so it would start a cluster of its own.",
    FIX_SET
  ),
  unknownMember: bootRule(
    "ETCD-609",
    "boot-member-without-file",
    "initial-cluster names a member no file given defines, so the run cannot start it.",
    FIX_SET
  ),
  leftOut: bootRule(
    "ETCD-610",
    "boot-member-left-out",
    "a member\u2019s initial-cluster leaves out a member another file defines.",
    FIX_SET
  ),
  timing: bootRule(
    "ETCD-611",
    "boot-timing-not-milliseconds",
    "the first member\u2019s heartbeat-interval or election-timeout is not a whole number of milliseconds, which the run\u2019s timing needs.",
    "Write heartbeat-interval and election-timeout as whole milliseconds (100, 1000)."
  )
};
var BOOT_RULES = Object.values(BOOT_RULE_INFO);
var at = (position, rule, message) => ({
  file: position.file,
  line: position.line,
  column: position.column,
  severity: "error",
  rule: rule.id,
  message
});
var valueAt = (setting) => setting.valueAt ?? setting.at;
var memberAt = (member) => settingOf(member, "name")?.at ?? { file: member.file, line: 1, column: 1 };
function bootRefusals(members) {
  const rules = BOOT_RULE_INFO;
  const found = [];
  if (members.length > MAX_CONFIG_MEMBERS) {
    const extra = members[MAX_CONFIG_MEMBERS];
    found.push(
      at(
        memberAt(extra),
        rules.tooManyMembers,
        `member ${extra.name} is member ${MAX_CONFIG_MEMBERS + 1} of ${members.length}; a run starts at most ${MAX_CONFIG_MEMBERS}`
      )
    );
  }
  const names = /* @__PURE__ */ new Map();
  for (const member of members) {
    const earlier = names.get(member.name);
    if (earlier)
      found.push(
        at(
          memberAt(member),
          rules.memberTwice,
          `member ${member.name} is defined twice (also in ${earlier.file}); each member needs one file`
        )
      );
    if (!SAFE_NAME.test(member.name))
      found.push(
        at(
          memberAt(member),
          rules.unsafeName,
          `member name '${member.name}': the run needs names of letters, digits, '.', '_' and '-' (up to 63), as it names folders and containers after them`
        )
      );
    if (!earlier) names.set(member.name, member);
  }
  for (const member of members) {
    for (const name of ["discovery", "discovery-srv"]) {
      const setting = settingOf(member, name);
      if (setting && setting.value.trim() !== "")
        found.push(
          at(
            setting.at,
            rules.discovery,
            `${setting.key} bootstraps member ${member.name} through discovery; a run needs initial-cluster, which names every member`
          )
        );
    }
    const configFile = settingOf(member, "config-file");
    if (configFile)
      found.push(
        at(
          configFile.at,
          rules.configFile,
          `${configFile.key} names ${configFile.value}, which is not among the files given; give that file too, so its settings are known`
        )
      );
    for (const setting of member.settings) {
      const hidden = urlsWithHiddenParts(setting)[0];
      if (hidden) {
        found.push(at(valueAt(setting), urlHiddenParts.info, hidden));
        continue;
      }
      for (const url of urlsOf(setting)) {
        const parts = splitUrl(url);
        if (parts?.scheme === "unix" || parts?.scheme === "unixs")
          found.push(
            at(
              valueAt(setting),
              rules.unixSocket,
              `${setting.key} holds the unix socket URL '${url}'; a run maps every URL to a member's address, which a unix socket has none of`
            )
          );
        else if (!parts || parts.rest !== "")
          found.push(
            at(
              valueAt(setting),
              rules.notUrl,
              `${setting.key} holds '${url}', which is not a URL (scheme://host:port)`
            )
          );
      }
    }
    const initialCluster = settingOf(member, "initial-cluster");
    if (!initialCluster) {
      if (members.length > 1)
        found.push(
          at(
            memberAt(member),
            rules.noInitialCluster,
            `member ${member.name} has no initial-cluster, so it would start a cluster of its own; name every member in it`
          )
        );
      continue;
    }
    const named = new Set(listItems(initialCluster.value).map((entry) => entry.split("=")[0]));
    for (const name of named)
      if (!names.has(name))
        found.push(
          at(
            valueAt(initialCluster),
            rules.unknownMember,
            `${initialCluster.key} names member ${name}, which no file given defines (members: ${[...names.keys()].join(", ")})`
          )
        );
    for (const name of names.keys())
      if (!named.has(name))
        found.push(
          at(
            valueAt(initialCluster),
            rules.leftOut,
            `${initialCluster.key} of member ${member.name} leaves out member ${name} (${names.get(name)?.file})`
          )
        );
  }
  const first = members[0];
  for (const name of ["heartbeat-interval", "election-timeout"])
    if (first) {
      const setting = settingOf(first, name);
      if (setting && !/^\d+$/.test(setting.value.trim()))
        found.push(
          at(
            valueAt(setting),
            rules.timing,
            `${setting.key} is '${setting.value}'; etcd takes a whole number of milliseconds`
          )
        );
    }
  return found;
}

// src/lint/rules/upgrade.ts
var REQUIRED_BEFORE_NEXT = { "3.5": 32 };
var UPGRADE_RULE_INFO = {
  skipsMinor: {
    id: "ETCD-701",
    severity: "error",
    name: "upgrade-skips-minor",
    etcdDoes: 'Supports upgrading one minor release at a time only: by its upgrade policy, "upgrades that skip a minor version are not supported and will likely fail".',
    fix: "Upgrade every member to the next minor\u2019s newest patch first (3.4 \u2192 3.5 \u2192 3.6), then to the release wanted."
  },
  patchRequired: {
    id: "ETCD-702",
    severity: "error",
    name: "upgrade-patch-required",
    etcdDoes: "Requires, by its upgrade guide, every 3.5 member on 3.5.32 or later before 3.6: earlier 3.5 patches leave upgrade blockers (too many learner members, v2 store content in the WAL).",
    fix: "Upgrade every member to 3.5.32 or later (a patch upgrade, one member at a time) before the first 3.6 member."
  },
  v2Store: {
    id: "ETCD-703",
    severity: "error",
    name: "upgrade-v2-store",
    etcdDoes: "3.6 removes the v2 store and enable-v2: it refuses the flag, and refuses to start on a data dir whose v2 store (or WAL) holds custom content.",
    fix: "Run `etcdutl check v2store` (of 3.5.32 or later) on each member, migrate or remove v2 data, then remove enable-v2 (flag, ETCD_ENABLE_V2, YAML key) from every member before 3.6."
  },
  snapshotCountDefault: {
    id: "ETCD-704",
    severity: "notice",
    name: "upgrade-snapshot-count-default",
    etcdDoes: "3.6 lowers the default snapshot-count from 100000 to 10000: a member that does not set it snapshots ten times as often, and keeps fewer entries in memory for slow followers.",
    fix: "Nothing, if 10000 suits the cluster; else write the snapshot-count wanted."
  }
};
var UPGRADE_RULES = Object.values(UPGRADE_RULE_INFO);
function upgradeSteps(from, to) {
  const first = ETCD_MINORS.indexOf(from.minor);
  const last = ETCD_MINORS.indexOf(to.minor);
  const between = ETCD_MINORS.slice(first + 1, last).map((minor) => parseEtcdVersion(minor));
  return [...between, to];
}
var crosses = (from, to, minor) => ETCD_MINORS.indexOf(from.minor) < ETCD_MINORS.indexOf(minor) && ETCD_MINORS.indexOf(to.minor) >= ETCD_MINORS.indexOf(minor);
function upgradeRuleFindings(member, from, to) {
  const rules = UPGRADE_RULE_INFO;
  const way = `on the way from etcd ${from.text} to ${to.text}`;
  const found = [];
  const anchor = anchorOf(member);
  const skipped = ETCD_MINORS.slice(ETCD_MINORS.indexOf(from.minor) + 1, ETCD_MINORS.indexOf(to.minor));
  if (skipped.length > 0)
    found.push(
      report(
        rules.skipsMinor,
        anchor,
        `${way}: the upgrade skips ${skipped.join(" and ")}; etcd upgrades one minor at a time (${[from.minor, ...skipped, to.minor].join(" \u2192 ")}), so member ${member.name} must run ${skipped.map((minor) => `${minor}.${REQUIRED_BEFORE_NEXT[minor] ?? "x"} or later`).join(", then ")} first.`
      )
    );
  for (const [minor, patch] of Object.entries(REQUIRED_BEFORE_NEXT)) {
    const next = ETCD_MINORS[ETCD_MINORS.indexOf(minor) + 1];
    if (from.minor === minor && from.patch < patch && next && crosses(from, to, next))
      found.push(
        report(
          rules.patchRequired,
          anchor,
          `${way}: etcd's upgrade guide requires every ${minor} member on ${minor}.${patch} or later before ${next}; member ${member.name} runs ${from.text}, so upgrade it to ${minor}.${patch} or later first.`
        )
      );
  }
  if (crosses(from, to, "3.6")) {
    for (const name of ["enable-v2", "experimental-enable-v2v3"]) {
      const setting = settingOf(member, name);
      if (setting && (name === "experimental-enable-v2v3" ? setting.value.trim() !== "" : isTrue(setting.value)))
        found.push(
          report(
            rules.v2Store,
            setting,
            `${way}: ${written(setting)} keeps the v2 store, which etcd 3.6 removes; check it with \`etcdutl check v2store\` (3.5.32 or later) and remove ${setting.key} from every member before the first 3.6 member.`
          )
        );
    }
    if (!settingOf(member, "snapshot-count"))
      found.push(
        report(
          rules.snapshotCountDefault,
          anchor,
          `${way}: member ${member.name} does not set snapshot-count, whose default 3.6 lowers from 100000 to 10000.`
        )
      );
  }
  return found;
}

// src/lint/rules/bootstrap.ts
function bootstrapOf(member, { version }) {
  if (usesDiscovery(member)) return void 0;
  const state = valueOf(member, "initial-cluster-state", version) ?? "new";
  const name = valueOf(member, "name", version) ?? "default";
  const setting = settingOf(member, "initial-cluster");
  const advertised = settingOf(member, "initial-advertise-peer-urls");
  if ([setting, advertised, settingOf(member, "name")].some((written2) => written2 && isTemplated(written2.value)))
    return void 0;
  if (setting) {
    const parsed = parseInitialCluster(setting.value);
    return parsed.error ? void 0 : { setting, entries: parsed.entries, state, name };
  }
  if (name !== "default") return void 0;
  return { entries: [{ name: "default", url: "http://localhost:2380" }], state, name };
}
function advertisedPeerUrls(member, context) {
  const value = valueOf(member, "initial-advertise-peer-urls", context.version);
  const parsed = parseUrlList(value);
  return parsed.error ? void 0 : parsed.urls;
}
var urlString = (url) => `${url.scheme}://${url.host}`;
function mayMatch(a, b) {
  if (a.scheme !== b.scheme || a.port !== b.port) return false;
  return a.hostname.toLowerCase() === b.hostname.toLowerCase() || !isIpLiteral(a.hostname) || !isIpLiteral(b.hostname);
}
var nameNotInInitialCluster = {
  info: {
    id: "ETCD-201",
    severity: "error",
    name: "name-not-in-initial-cluster",
    etcdDoes: "Refuses to start (at its first start): the member\u2019s name must be one of the names in initial-cluster.",
    fix: "List the member in initial-cluster under the same name it has in name (names are case-sensitive)."
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const bootstrap = bootstrapOf(member, context);
    if (!bootstrap || bootstrap.entries.some((entry) => entry.name === bootstrap.name)) return [];
    const at2 = bootstrap.setting ?? anchorOf(member, "name");
    const names = [...new Set(bootstrap.entries.map((entry) => entry.name))].join(", ");
    const listed = names === "" ? "no member" : names;
    const etcdMessage = `couldn't find local name ${JSON.stringify(bootstrap.name)} in the initial cluster configuration`;
    const what = bootstrap.setting ? written(bootstrap.setting) : "The default initial-cluster";
    return [
      report(
        this.info,
        at2,
        `${what} lists ${listed} but not this member\u2019s name ${bootstrap.name}; ${refuses(etcdMessage)}.`,
        true
      )
    ];
  }
};
var advertisePeerUrlsMismatch = {
  info: {
    id: "ETCD-202",
    severity: "error",
    name: "advertise-peer-urls-mismatch",
    etcdDoes: "Refuses to start a new cluster when the member\u2019s initial-cluster entry and its initial-advertise-peer-urls differ (compared after DNS resolution).",
    fix: "Make the member\u2019s entry in initial-cluster the same URLs as its initial-advertise-peer-urls."
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const bootstrap = bootstrapOf(member, context);
    const advertised = advertisedPeerUrls(member, context);
    if (!bootstrap || bootstrap.state !== "new" || !advertised) return [];
    const own = bootstrap.entries.filter((entry) => entry.name === bootstrap.name).flatMap((entry) => parseUrlList(entry.url).urls);
    if (own.length === 0) return [];
    const missingFromAdvertised = own.filter((url) => !advertised.some((other) => mayMatch(url, other)));
    const missingFromCluster = advertised.filter((url) => !own.some((other) => mayMatch(url, other)));
    if (missingFromAdvertised.length === 0 && missingFromCluster.length === 0) return [];
    const apText = advertised.map(urlString).sort().join(",");
    const etcdMessage = missingFromAdvertised.length > 0 ? `--initial-cluster has ${missingFromAdvertised.map((url) => `${bootstrap.name}=${urlString(url)}`).join(",")} but missing from --initial-advertise-peer-urls=${apText}` : `--initial-advertise-peer-urls has ${missingFromCluster.map(urlString).join(",")} but missing from --initial-cluster=${advertised.map((url) => `${bootstrap.name}=${urlString(url)}`).sort().join(",")}`;
    const apSetting = settingOf(member, "initial-advertise-peer-urls");
    const at2 = bootstrap.setting ?? apSetting ?? anchorOf(member, "name");
    const apWritten = apSetting ? written(apSetting) : "the default initial-advertise-peer-urls http://localhost:2380";
    const clusterWritten = bootstrap.setting ? `its entry in ${written(bootstrap.setting)}` : "the default initial-cluster default=http://localhost:2380";
    return [
      report(this.info, at2, `${bootstrap.name}: ${clusterWritten} is not ${apWritten}; ${refuses(etcdMessage)}.`, true)
    ];
  }
};
var duplicateInitialClusterUrl = {
  info: {
    id: "ETCD-203",
    severity: "error",
    name: "duplicate-initial-cluster-url",
    etcdDoes: "Refuses to start (at its first start) when one URL appears twice in initial-cluster.",
    fix: "Give every member its own peer URL in initial-cluster."
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const bootstrap = bootstrapOf(member, context);
    if (!bootstrap?.setting) return [];
    const urls = bootstrap.entries.map((entry) => urlString(parseUrlList(entry.url).urls[0]));
    const duplicate = urls.find((url, index) => urls.indexOf(url) !== index);
    if (!duplicate) return [];
    const mapText = bootstrap.entries.map((entry, index) => `${entry.name}=${urls[index]}`).sort().join(",");
    const etcdMessage = `initial cluster ${mapText} has duplicate url`;
    return [
      report(
        this.info,
        bootstrap.setting,
        `${written(bootstrap.setting)} lists ${duplicate} twice; ${refuses(etcdMessage)}.`,
        true
      )
    ];
  }
};

// src/lint/clusters.ts
import path5 from "node:path";
function normalizedInitialCluster(member) {
  const setting = settingOf(member, "initial-cluster");
  if (!setting || setting.value.trim() === "") return void 0;
  const { entries, error } = parseInitialCluster(setting.value);
  if (error || entries.length === 0) return void 0;
  return entries.map((entry) => `${entry.name}=${normalizeUrl(entry.url)}`).sort().join(",");
}
function peerUrlsNamed(member) {
  const urls = /* @__PURE__ */ new Set();
  const cluster = settingOf(member, "initial-cluster");
  if (cluster) for (const entry of parseInitialCluster(cluster.value).entries) urls.add(normalizeUrl(entry.url));
  const advertised = settingOf(member, "initial-advertise-peer-urls");
  if (advertised) for (const url of parseUrlList(advertised.value).urls) urls.add(normalizeUrl(url.text));
  return urls;
}
function distinctMembersOf(a, b) {
  if (a.name === b.name) return false;
  const names = new Set(
    parseInitialCluster(settingOf(a, "initial-cluster")?.value ?? "").entries.map((entry) => entry.name)
  );
  return names.has(a.name) && names.has(b.name);
}
function groupClusters(members) {
  const parent = members.map((_, index) => index);
  const find = (index) => parent[index] === index ? index : parent[index] = find(parent[index]);
  const union = (a, b) => {
    const [rootA, rootB] = [find(a), find(b)];
    if (rootA !== rootB) parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  };
  const clusters = members.map(normalizedInitialCluster);
  const peerUrls = members.map(peerUrlsNamed);
  const folders = members.map((member) => path5.dirname(member.file));
  for (let a = 0; a < members.length; a++) {
    for (let b = a + 1; b < members.length; b++) {
      const sameCluster = clusters[a] !== void 0 && clusters[a] === clusters[b] && (folders[a] === folders[b] || distinctMembersOf(members[a], members[b]));
      const sharePeer = folders[a] === folders[b] && [...peerUrls[a]].some((url) => peerUrls[b].has(url));
      if (sameCluster || sharePeer) union(a, b);
    }
  }
  const byRoot = /* @__PURE__ */ new Map();
  members.forEach((member, index) => byRoot.set(find(index), [...byRoot.get(find(index)) ?? [], member]));
  const groups = [];
  const used = /* @__PURE__ */ new Map();
  for (const [root, grouped] of byRoot) {
    const shared = clusters[root];
    const allShare = shared !== void 0 && grouped.every((member) => normalizedInitialCluster(member) === shared);
    const folder = [...new Set(grouped.map((member) => path5.dirname(member.file)))].join(", ");
    let key = allShare ? `initial-cluster ${shared}` : `folder ${folder}`;
    const seen = used.get(key) ?? 0;
    used.set(key, seen + 1);
    if (seen > 0) key = `${key} #${seen + 1}`;
    groups.push({ key, members: grouped });
  }
  return groups;
}

// src/lint/rules/cluster.ts
var describe = (member) => `${member.name} (${member.file})`;
function bootstrappingTogether(group, { version }) {
  return group.members.filter(
    (member) => valueOf(member, "initial-cluster-state", version) === "new" && !usesDiscovery(member) && !isTemplated(settingOf(member, "initial-cluster")?.value ?? "")
  );
}
var initialClusterDisagreement = {
  info: {
    id: "ETCD-204",
    severity: "error",
    name: "initial-cluster-disagreement",
    etcdDoes: 'Members derive the cluster ID from initial-cluster: members that list different ones never form one cluster (peers reject each other: "request cluster ID mismatch").',
    fix: "Give every member of the cluster the same initial-cluster, character for character in names and URLs."
  },
  group(group, context) {
    const members = bootstrappingTogether(group, context).filter(
      (member) => normalizedInitialCluster(member) !== void 0
    );
    const distinct = new Set(members.map(normalizedInitialCluster));
    if (distinct.size < 2) return [];
    return members.flatMap((member) => {
      const own = normalizedInitialCluster(member);
      const other = members.find((candidate) => normalizedInitialCluster(candidate) !== own);
      const setting = settingOf(member, "initial-cluster");
      const otherSetting = settingOf(other, "initial-cluster");
      const message = `${written(setting)} differs from the initial-cluster of ${describe(other)}, ${otherSetting.value}: members that bootstrap with different initial-cluster values get different cluster IDs and do not form one cluster.`;
      return [report(this.info, setting, message, true)];
    });
  }
};
var clusterTokenMismatch = {
  info: {
    id: "ETCD-205",
    severity: "error",
    name: "cluster-token-mismatch",
    etcdDoes: "Nothing at startup: the token goes into the member and cluster IDs, so members with different initial-cluster-token values silently form separate clusters.",
    fix: "Give every member of the cluster the same initial-cluster-token (and a token no other cluster uses)."
  },
  group(group, context) {
    const members = bootstrappingTogether(group, context);
    const tokenOf = (member) => valueOf(member, "initial-cluster-token", context.version);
    if (new Set(members.map(tokenOf)).size < 2) return [];
    return members.map((member) => {
      const other = members.find((candidate) => tokenOf(candidate) !== tokenOf(member));
      const setting = settingOf(member, "initial-cluster-token");
      const own = setting ? written(setting) : `initial-cluster-token (not set: etcd uses ${tokenOf(member)})`;
      const message = `${own} differs from ${tokenOf(other)} of ${describe(other)}: etcd does not check this, the members silently form separate clusters.`;
      return report(this.info, setting ?? anchorOf(member, "initial-cluster"), message, setting !== void 0);
    });
  }
};
var duplicateMemberName = {
  info: {
    id: "ETCD-206",
    severity: "error",
    name: "duplicate-member-name",
    etcdDoes: "Two members with one name are one entry of initial-cluster: the second cannot bootstrap or join (name or peer URLs do not match).",
    fix: "Give every member its own name, and list each under it in initial-cluster."
  },
  group(group) {
    return group.members.flatMap((member) => {
      if (isTemplated(member.name)) return [];
      const other = group.members.find((candidate) => candidate !== member && candidate.name === member.name);
      if (!other) return [];
      const setting = settingOf(member, "name");
      const message = `${setting ? written(setting) : "name (not set: etcd uses default)"}: ${describe(other)} has the same name, so the two members cannot both be in the cluster.`;
      return [report(this.info, setting ?? anchorOf(member), message, setting !== void 0)];
    });
  }
};
function claimedAddresses(member) {
  const claimed = /* @__PURE__ */ new Map();
  for (const name of [
    "initial-advertise-peer-urls",
    "advertise-client-urls",
    "listen-peer-urls",
    "listen-client-urls"
  ]) {
    const setting = settingOf(member, name);
    if (!setting) continue;
    if (isTemplated(setting.value)) continue;
    for (const url of parseUrlList(setting.value).urls) {
      const unspecified = url.hostname === "0.0.0.0" || url.hostname === "::" || url.hostname === "" || url.hostname === "localhost" || url.hostname.startsWith("127.");
      const key = normalizeUrl(url.text);
      if (name.startsWith("listen") && unspecified || claimed.has(key)) continue;
      claimed.set(key, { name });
    }
  }
  return claimed;
}
var duplicateMemberAddress = {
  info: {
    id: "ETCD-207",
    severity: "error",
    name: "duplicate-member-address",
    etcdDoes: "Two members cannot listen on or advertise one address: the second cannot bind it, or peers and clients reach the wrong member.",
    fix: "Give every member its own IP address or port in its listen and advertise URLs."
  },
  group(group) {
    const findings = [];
    for (const member of group.members) {
      const claimed = claimedAddresses(member);
      for (const other of group.members) {
        if (other === member) continue;
        const otherClaimed = claimedAddresses(other);
        const shared = [...claimed.keys()].find((url) => otherClaimed.has(url));
        if (!shared) continue;
        const setting = settingOf(member, claimed.get(shared).name);
        findings.push(
          report(
            this.info,
            setting,
            `${written(setting)}: ${shared} is also used by ${describe(other)}; each member needs its own address.`,
            true
          )
        );
        break;
      }
    }
    return findings;
  }
};
function memberCount(group) {
  const names = /* @__PURE__ */ new Set();
  for (const member of group.members) {
    const cluster = settingOf(member, "initial-cluster");
    if (cluster) for (const entry of parseInitialCluster(cluster.value).entries) names.add(entry.name);
  }
  return Math.max(names.size, group.members.length);
}
var evenMemberCount = {
  info: {
    id: "ETCD-208",
    severity: "warning",
    name: "even-member-count",
    etcdDoes: "Runs, but an even number of members tolerates no more failures than one member fewer (4 members: quorum 3, one may fail), with more members to fail.",
    fix: "Run an odd number of members: 3 (one may fail) or 5 (two may fail)."
  },
  group(group) {
    const count2 = memberCount(group);
    if (count2 < 2 || count2 % 2 !== 0) return [];
    return group.members.map((member) => {
      const setting = settingOf(member, "initial-cluster");
      const message = `${setting ? written(setting) : "The cluster"} has ${count2} members: quorum is ${count2 / 2 + 1}, so it survives ${count2 / 2 - 1} failure${count2 / 2 - 1 === 1 ? "" : "s"}, as ${count2 - 1} members would; etcd advises an odd count.`;
      return report(this.info, setting ?? anchorOf(member), message);
    });
  }
};
var mixedClusterState = {
  info: {
    id: "ETCD-209",
    severity: "notice",
    name: "mixed-cluster-state",
    etcdDoes: "A member with initial-cluster-state existing joins a running cluster (after etcdctl member add); members that bootstrap together must all say new, or the existing ones wait for a cluster that never forms.",
    fix: "Use new on every member of a first bootstrap; existing only for a member added to a running cluster."
  },
  group(group, { version }) {
    const stateOf = (member) => valueOf(member, "initial-cluster-state", version);
    const newMember = group.members.find((member) => stateOf(member) === "new");
    if (!newMember) return [];
    return group.members.flatMap((member) => {
      const setting = settingOf(member, "initial-cluster-state");
      if (!setting || setting.value !== "existing") return [];
      const message = `${written(setting)} while ${describe(newMember)} bootstraps with new: right for a member added to a running cluster with etcdctl member add, wrong if they bootstrap together.`;
      return [report(this.info, setting, message, true)];
    });
  }
};
var initialClusterNames = {
  info: {
    id: "ETCD-210",
    severity: "warning",
    name: "initial-cluster-names",
    etcdDoes: "Takes every initial-cluster entry as written: a name listed twice becomes one member with two peer URLs, and a space around a name becomes part of it, so the member of that name does not find itself and refuses to start.",
    fix: "List each member once, as name=URL, with no spaces around the commas."
  },
  member(member) {
    const setting = settingOf(member, "initial-cluster");
    if (!setting || isTemplated(setting.value) || usesDiscovery(member)) return [];
    const { entries, error } = parseInitialCluster(setting.value);
    if (error) return [];
    const problems = [];
    const padded = entries.filter((entry) => entry.name !== entry.name.trim()).map((entry) => JSON.stringify(entry.name));
    if (padded.length > 0)
      problems.push(
        `the name${padded.length > 1 ? "s" : ""} ${padded.join(", ")} carr${padded.length > 1 ? "y" : "ies"} spaces, which etcd keeps`
      );
    const seen = /* @__PURE__ */ new Set();
    const twice = [...new Set(entries.map((entry) => entry.name).filter((name) => seen.has(name) || !seen.add(name)))];
    if (twice.length > 0)
      problems.push(
        `${twice.join(", ")} ${twice.length > 1 ? "are" : "is"} listed twice, so etcd makes one member of both URLs`
      );
    if (problems.length === 0) return [];
    return [report(this.info, setting, `${written(setting)}: ${problems.join("; ")}.`, true)];
  }
};

// src/lint/rules/go-values.ts
function goParseBool(value) {
  if (/^(1|t|T|TRUE|true|True)$/.test(value)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(value)) return false;
  return void 0;
}
function goParseInteger(value, signed) {
  const match = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|0[bB][01_]+|[1-9][0-9]*|0)$/.exec(value);
  if (!match || !signed && match[1] !== "") return void 0;
  const body = match[2].replace(/_/g, "");
  const digits = /^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body;
  const magnitude = BigInt(digits);
  return match[1] === "-" ? -magnitude : magnitude;
}
var DURATION_UNITS = {
  ns: 1,
  us: 1e3,
  \u00B5s: 1e3,
  \u03BCs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 6e10,
  h: 36e11
};
function goParseDuration(value) {
  const quoted = JSON.stringify(value);
  let rest = value.replace(/^[-+]/, "");
  const negative = value.startsWith("-");
  if (rest === "0") return { nanoseconds: 0 };
  if (rest === "") return { error: `time: invalid duration ${quoted}` };
  let total = 0;
  while (rest !== "") {
    const number = /^(\d+\.?\d*|\.\d+)/.exec(rest);
    if (!number) return { error: `time: invalid duration ${quoted}` };
    rest = rest.slice(number[0].length);
    const unit = /^[^\d.]*/.exec(rest)[0];
    if (unit === "") return { error: `time: missing unit in duration ${quoted}` };
    if (!(unit in DURATION_UNITS)) return { error: `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}` };
    total += Number(number[0]) * DURATION_UNITS[unit];
    rest = rest.slice(unit.length);
  }
  return { nanoseconds: negative ? -total : total };
}
function yamlBool(value) {
  if (/^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(value)) return true;
  if (/^(n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/.test(value)) return false;
  return void 0;
}
function yamlScalarType(value) {
  if (yamlBool(value) !== void 0) return "bool";
  if (/^[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)$/.test(value)) return "integer";
  if (/^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+][0-9]+)?$/.test(value)) return "number";
  return "string";
}

// src/lint/rules/startup-tls.ts
function urlsOf2(member, name, context) {
  const value = valueOf(member, name, context.version);
  if (value === void 0 || value.trim() === "") return [];
  const parsed = parseUrlList(value);
  return parsed.error ? [] : parsed.urls;
}
var isTls = (url) => url.scheme === "https" || url.scheme === "unixs";
function shown(member, names, url) {
  const setting = names.map((name) => settingOf(member, name)).find((candidate) => candidate !== void 0);
  return setting ? written(setting) : `The default URL ${url.text}`;
}
var filled = (setting) => (setting?.value.trim() ?? "") !== "";
function halfPair(rule, cert, key) {
  if (filled(cert) === filled(key)) return [];
  const present = filled(cert) ? cert : key;
  const etcdMessage = `KeyFile and CertFile must both be present[key: ${key?.value ?? ""}, cert: ${cert?.value ?? ""}]`;
  return [
    report(
      rule.info,
      present,
      `${written(present)} is set without its ${filled(cert) ? "key" : "certificate"}; ${refuses(etcdMessage)}.`
    )
  ];
}
var tlsFilesMissing = {
  info: {
    id: "ETCD-111",
    severity: "error",
    name: "tls-files-missing",
    etcdDoes: "Refuses to start: an https listener needs a certificate and its key (client: cert-file/key-file, peer: peer-cert-file/peer-key-file), unless auto TLS makes them.",
    fix: "Set both the certificate and the key for every https listener (for a YAML file: under client-transport-security / peer-transport-security)."
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const findings = [];
    const cert = settingOf(member, "cert-file");
    const key = settingOf(member, "key-file");
    const clientUrls = [
      ...urlsOf2(member, "listen-client-urls", context),
      ...urlsOf2(member, "listen-client-http-urls", context)
    ];
    const clientTls2 = clientUrls.find(isTls);
    if (clientTls2) {
      if (!filled(cert) && !filled(key) && !isTrue(settingOf(member, "auto-tls")?.value)) {
        const at2 = anchorOf(member, "listen-client-urls", "listen-client-http-urls");
        const etcdMessage = `TLS key/cert (--cert-file, --key-file) must be provided for client url ${clientTls2.scheme}://${clientTls2.host} with HTTPS scheme`;
        findings.push(
          report(
            this.info,
            at2,
            `${shown(member, ["listen-client-urls", "listen-client-http-urls"], clientTls2)} is https, but no client certificate and key (cert-file, key-file) are set; ${refuses(etcdMessage)}.`
          )
        );
      } else findings.push(...halfPair(this, cert, key));
    }
    const metricsTls = urlsOf2(member, "listen-metrics-urls", context).find(isTls);
    if (metricsTls && !filled(cert) && !filled(key) && !clientTls2) {
      const at2 = anchorOf(member, "listen-metrics-urls");
      const etcdMessage = context.version.minor === "3.4" ? `cannot listen on TLS for ${metricsTls.host}: KeyFile and CertFile are not presented` : "client TLS key/cert (--cert-file, --key-file) must be provided for metrics secure url";
      findings.push(
        report(
          this.info,
          at2,
          `${shown(member, ["listen-metrics-urls"], metricsTls)} is https, but no client certificate and key (cert-file, key-file) are set; ${refuses(etcdMessage)}.`
        )
      );
    }
    const peerTls2 = urlsOf2(member, "listen-peer-urls", context).find(isTls);
    if (peerTls2) {
      const peerCert = settingOf(member, "peer-cert-file");
      const peerKey = settingOf(member, "peer-key-file");
      if (!filled(peerCert) && !filled(peerKey) && !isTrue(settingOf(member, "peer-auto-tls")?.value)) {
        const at2 = anchorOf(member, "listen-peer-urls");
        const etcdMessage = `cannot listen on TLS for ${peerTls2.host}: KeyFile and CertFile are not presented`;
        findings.push(
          report(
            this.info,
            at2,
            `${shown(member, ["listen-peer-urls"], peerTls2)} is https, but no peer certificate and key (peer-cert-file, peer-key-file) are set; ${refuses(etcdMessage)}.`
          )
        );
      } else findings.push(...halfPair(this, peerCert, peerKey));
    }
    return findings;
  }
};
var CIPHER_SUITES = /* @__PURE__ */ new Set([
  "TLS_AES_128_GCM_SHA256",
  "TLS_AES_256_GCM_SHA384",
  "TLS_CHACHA20_POLY1305_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
  "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_AES_256_CBC_SHA",
  "TLS_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_RSA_WITH_RC4_128_SHA",
  "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
  "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
  "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305"
]);
var TLS_VERSIONS = ["", "TLS1.2", "TLS1.3"];
var invalidTlsOptions = {
  info: {
    id: "ETCD-112",
    severity: "error",
    name: "invalid-tls-options",
    etcdDoes: "Refuses to start on a cipher suite Go does not know, a TLS version other than TLS1.2/TLS1.3, a minimum above the maximum, or cipher suites with TLS 1.3 only.",
    fix: "Use Go cipher suite names (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ...) and tls-min-version/tls-max-version TLS1.2 or TLS1.3; TLS 1.3 suites cannot be chosen."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const findings = [];
    const ciphers = settingOf(member, "cipher-suites");
    const names = (ciphers?.value ?? "").split(",").map((name) => name.trim()).filter((name) => name !== "");
    const unknown = names.find((name) => !CIPHER_SUITES.has(name));
    if (ciphers && unknown) {
      const etcdMessage = `unexpected TLS cipher suite ${JSON.stringify(unknown)}`;
      findings.push(
        report(
          this.info,
          ciphers,
          `${written(ciphers)}: ${unknown} is not a cipher suite Go knows; ${refuses(etcdMessage)}.`,
          true
        )
      );
    }
    if (!flagInfo("tls-min-version", version).known) return findings;
    const min = settingOf(member, "tls-min-version");
    const max = settingOf(member, "tls-max-version");
    for (const setting of [min, max]) {
      if (setting && !TLS_VERSIONS.includes(setting.value)) {
        const etcdMessage = `unexpected TLS version ${JSON.stringify(setting.value)} (must be one of: TLS1.2, TLS1.3)`;
        findings.push(
          report(
            this.info,
            setting,
            `${written(setting)}: etcd takes TLS1.2 or TLS1.3; ${refuses(etcdMessage)}.`,
            true
          )
        );
      }
    }
    if (findings.length > 0) return findings;
    const minVersion = min?.value || "TLS1.2";
    if (min && max && max.value !== "" && minVersion > max.value) {
      const etcdMessage = `min version (${min.value}) is greater than max version (${max.value})`;
      findings.push(report(this.info, min, `${written(min)} is above ${written(max)}; ${refuses(etcdMessage)}.`, true));
    } else if (min && minVersion === "TLS1.3" && ciphers && names.length > 0) {
      findings.push(
        report(
          this.info,
          ciphers,
          `${written(ciphers)} with ${written(min)}: Go does not let TLS 1.3 suites be chosen; ${refuses("cipher suites cannot be configured when only TLS1.3 is enabled")}.`
        )
      );
    }
    return findings;
  }
};

// src/lint/rules/startup-values.ts
function specOf(setting, version) {
  if (setting.source === "config-file") return flagOfYamlKey(setting.key, version);
  const status = flagInfo(setting.name, version);
  return status.known ? status.spec : void 0;
}
var JUDGED_ELSEWHERE = /* @__PURE__ */ new Set(["initial-cluster-state"]);
function commandLineError(setting, spec) {
  const value = setting.value.trim();
  if (setting.source === "env" && value === "") return void 0;
  switch (spec.kind) {
    case "bool":
      return goParseBool(value) === void 0 ? flagValueError(setting, "parse error", true) : void 0;
    case "uint":
    case "int": {
      const parsed = goParseInteger(value, spec.kind === "int");
      if (parsed === void 0) return flagValueError(setting, "parse error");
      const limit = spec.kind === "int" ? 2n ** 63n : 2n ** 64n;
      return parsed >= limit || parsed < -limit ? flagValueError(setting, "value out of range") : void 0;
    }
    case "duration":
      return "error" in goParseDuration(value) ? flagValueError(setting, "parse error") : void 0;
    case "enum":
      return spec.values.includes(value) ? void 0 : flagValueError(setting, "invalid value");
    default:
      return void 0;
  }
}
function yamlError(setting, spec) {
  const value = setting.value.trim();
  if (value === "" || value === "null" || value === "~") return void 0;
  const field = setting.key.includes(".") ? `securityConfig.${setting.key.toLowerCase()}` : `configYAML.${setting.key.toLowerCase()}`;
  const unmarshal = (what) => `json: cannot unmarshal ${what} into Go struct field ${field}`;
  const yamlType = setting.yamlType;
  if (yamlType === "map") return unmarshal("object");
  const type = yamlType === "boolean" ? "bool" : yamlType === "number" ? /^[-+]?\d+$/.test(value) ? "integer" : "number" : yamlType === "string" ? "string" : yamlScalarType(value);
  if (yamlType === "list") return yamlListField(spec.name) ? void 0 : unmarshal("array");
  if (spec.kind === "list" && yamlListField(spec.name))
    return yamlType === "string" || yamlType === "number" || yamlType === "boolean" ? unmarshal(yamlType === "boolean" ? "bool" : yamlType) : void 0;
  if (yamlType && (spec.kind === "string" || spec.kind === "urls" || spec.kind === "list" || spec.kind === "enum")) {
    return yamlType === "string" ? void 0 : unmarshal(yamlType === "boolean" ? "bool" : "number");
  }
  switch (spec.kind) {
    case "bool":
      if (yamlType) return yamlType === "boolean" ? void 0 : unmarshal(yamlType === "string" ? "string" : "number");
      return yamlBool(value) === void 0 ? unmarshal(type === "string" ? "string" : "number") : void 0;
    case "uint":
    case "int":
    case "duration":
      if (type === "string" || type === "bool") return unmarshal(type);
      if (type === "number" || spec.kind === "uint" && value.startsWith("-")) return unmarshal(`number ${value}`);
      return void 0;
    case "enum":
      if (setting.name !== "discovery-fallback" && setting.name !== "proxy") return void 0;
      return spec.values.includes(value) ? void 0 : `unexpected error setting up ${setting.name === "proxy" ? "proxyFlag" : "discovery-fallback flag"}: invalid value`;
    default:
      return void 0;
  }
}
function yamlListField(name) {
  return [
    "cipher-suites",
    "log-outputs",
    "log-output",
    "client-cert-allowed-hostname",
    "peer-cert-allowed-cn",
    "peer-cert-allowed-hostname",
    "discovery-endpoints"
  ].includes(name);
}
function rangeError(member, setting, context) {
  const { version } = context;
  const duration = goParseDuration(setting.value.trim());
  const nanoseconds = "nanoseconds" in duration ? duration.nanoseconds : Number(setting.value);
  switch (setting.name) {
    case "experimental-compact-hash-check-time":
    case "compact-hash-check-time":
      if (!Number.isNaN(nanoseconds) && nanoseconds <= 0 && (version.minor !== "3.5" || version.patch >= 5))
        return `--${setting.name} must be >0 (set to ${setting.value})`;
      return void 0;
    case "experimental-distributed-tracing-sampling-rate":
    case "distributed-tracing-sampling-rate": {
      const tracing = isTrue(settingOf(member, "experimental-enable-distributed-tracing")?.value) || isTrue(settingOf(member, "enable-distributed-tracing")?.value);
      const rate = Number(setting.value);
      if (!tracing || Number.isNaN(rate)) return void 0;
      if (rate < 0) return "distributed tracing configurition is not valid: (tracing sampling rate must be positive)";
      if (rate > 1e6)
        return "distributed tracing configurition is not valid: (tracing sampling rate must be less than 1000000)";
      return void 0;
    }
    case "auth-token": {
      const type = setting.value.split(",")[0].trim();
      return ["simple", "jwt", ""].includes(type) ? void 0 : "auth: invalid auth options";
    }
    default:
      return void 0;
  }
}
var invalidValue = {
  info: {
    id: "ETCD-114",
    severity: "error",
    name: "invalid-value",
    etcdDoes: "Refuses to start on a value it cannot read for the setting\u2019s type (flags and ETCD_*: Go syntax such as 100 or 5s; YAML: numbers and booleans, durations in nanoseconds) or outside its range.",
    fix: "Write the value as the setting\u2019s type: a whole number for milliseconds and bytes, true/false, a Go duration (5s) on the command line or nanoseconds in the YAML."
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const findings = [];
    const settings = [...member.settings, ...(member.ignoredSettings ?? []).filter(isFlag)];
    for (const setting of settings) {
      const spec = specOf(setting, context.version);
      if (!spec || JUDGED_ELSEWHERE.has(spec.name)) continue;
      const typeError = setting.source === "config-file" ? yamlError(setting, spec) : commandLineError(setting, spec);
      if (typeError) {
        const message = `${written(setting)} is not a value etcd reads for ${spec.name} (${describe2(spec, setting)}); ${refuses(typeError)}.`;
        findings.push(report(this.info, setting, message, true));
        continue;
      }
      const outOfRange = rangeError(member, setting, context);
      if (outOfRange)
        findings.push(
          report(this.info, setting, `${written(setting)} is a value etcd rejects; ${refuses(outOfRange)}.`, true)
        );
    }
    return findings;
  }
};
function describe2(spec, setting) {
  const yaml = setting.source === "config-file";
  switch (spec.kind) {
    case "bool":
      return "true or false";
    case "uint":
      return yaml ? "a whole number, without quotes" : "a whole number";
    case "int":
      return yaml ? "an integer, without quotes" : "an integer";
    case "duration":
      return yaml ? "a whole number of nanoseconds in the YAML" : "a Go duration such as 500ms or 5s";
    case "enum":
      return `one of ${spec.values.join(", ")}`;
    default:
      if (yaml && yamlListField(spec.name)) return "a YAML list such as [a, b]";
      return yaml ? "a string: write it in quotes" : "see etcd --help";
  }
}

// src/lint/rules/operations.ts
var GiB = 1024 ** 3;
var MiB = 1024 ** 2;
function numberOf(setting) {
  if (!setting) return void 0;
  const parsed = goParseInteger(setting.value.trim(), true);
  return parsed === void 0 ? void 0 : Number(parsed);
}
var quotaTooLarge = {
  info: {
    id: "ETCD-501",
    severity: "warning",
    name: "quota-too-large",
    etcdDoes: 'Starts, but warns "quota exceeds the maximum value" above 8 GiB: a larger backend makes defragmentation, snapshots and member recovery slow.',
    fix: "Keep quota-backend-bytes at 8 GiB (8589934592) or less; compact and defragment instead of raising it."
  },
  member(member) {
    const setting = settingOf(member, "quota-backend-bytes");
    const bytes = numberOf(setting);
    if (!setting || bytes === void 0 || bytes <= 8 * GiB) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)} is ${(bytes / GiB).toFixed(1)} GiB, above the 8 GiB etcd recommends; etcd warns "quota exceeds the maximum value".`,
        true
      )
    ];
  }
};
var requestTooLarge = {
  info: {
    id: "ETCD-502",
    severity: "warning",
    name: "request-size-too-large",
    etcdDoes: 'Starts, but warns "exceeded recommended request limit" above 10 MiB: large requests block raft and lengthen leader elections.',
    fix: "Keep max-request-bytes at 10 MiB (10485760) or less (default 1.5 MiB)."
  },
  member(member) {
    const setting = settingOf(member, "max-request-bytes");
    const bytes = numberOf(setting);
    if (!setting || bytes === void 0 || bytes <= 10 * MiB) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)} is above the 10 MiB etcd recommends; etcd warns "exceeded recommended request limit".`,
        true
      )
    ];
  }
};
var settingIgnored = {
  info: {
    id: "ETCD-503",
    severity: "warning",
    name: "setting-ignored",
    etcdDoes: "Resets or ignores settings that cannot apply: snapshot-count 0 (back to the default), bcrypt-cost outside 4\u201331 (back to 10), certificates and cert auth on http URLs, auto TLS next to certificates.",
    fix: "Drop the setting, or give it a value that applies (https URLs for TLS settings)."
  },
  member(member, context) {
    const findings = [];
    const snapshots = settingOf(member, "snapshot-count");
    if (snapshots && numberOf(snapshots) === 0) {
      findings.push(
        report(
          this.info,
          snapshots,
          `${written(snapshots)}: etcd takes 0 as unset and uses its default instead.`,
          true
        )
      );
    }
    const bcrypt = settingOf(member, "bcrypt-cost");
    const cost = numberOf(bcrypt);
    if (bcrypt && cost !== void 0 && (cost < 4 || cost > 31)) {
      findings.push(
        report(
          this.info,
          bcrypt,
          `${written(bcrypt)}: etcd takes 4 to 31 and uses 10 instead ("Use default bcrypt-cost 10 instead of the invalid value ${cost}").`,
          true
        )
      );
    }
    findings.push(...tlsOnPlainUrls(this, member, context, "client"), ...tlsOnPlainUrls(this, member, context, "peer"));
    return findings;
  }
};
function tlsOnPlainUrls(rule, member, context, side) {
  const prefix = side === "peer" ? "peer-" : "";
  const urls = side === "peer" ? urlsOf2(member, "listen-peer-urls", context) : [...urlsOf2(member, "listen-client-urls", context), ...urlsOf2(member, "listen-client-http-urls", context)];
  const findings = [];
  const certificate = [settingOf(member, `${prefix}cert-file`), settingOf(member, `${prefix}key-file`)].filter(
    (setting) => (setting?.value.trim() ?? "") !== ""
  );
  const auth = settingOf(member, `${prefix}client-cert-auth`);
  const autoTls2 = settingOf(member, `${prefix}auto-tls`);
  if (urls.length > 0 && urls.every((url) => url.scheme === "http" || url.scheme === "unix")) {
    for (const setting of certificate) {
      findings.push(
        report(
          rule.info,
          setting,
          `${written(setting)}: every ${side} URL is http, so etcd ignores it ("scheme is HTTP while key and cert files are present; ignoring key and cert files").`
        )
      );
    }
    if (auth && isTrue(auth.value)) {
      findings.push(
        report(
          rule.info,
          auth,
          `${written(auth)}: every ${side} URL is http, so etcd ignores it and checks no certificates.`
        )
      );
    }
  } else if (autoTls2 && isTrue(autoTls2.value) && certificate.length === 2) {
    findings.push(
      report(
        rule.info,
        autoTls2,
        `${written(autoTls2)}: ${prefix}cert-file and ${prefix}key-file are given, so etcd ignores it ("ignoring ${side} auto TLS since certs given").`
      )
    );
  }
  return findings;
}
var defaultName = {
  info: {
    id: "ETCD-504",
    severity: "warning",
    name: "default-name",
    etcdDoes: `Runs as member "default" (etcd 3.6 warns "it isn't recommended to use default name"): members that all keep it collide when one is added.`,
    fix: "Give every member its own name, the one it has in initial-cluster."
  },
  member(member) {
    const setting = settingOf(member, "name");
    if (member.name !== "default") return [];
    const shown2 = setting ? written(setting) : "name is not set, so etcd uses default";
    return [
      report(
        this.info,
        setting ?? anchorOf(member, "initial-cluster", "data-dir"),
        `${shown2}: etcd advises a name of its own per member ("it isn't recommended to use default name").`,
        setting !== void 0
      )
    ];
  }
};
var advertisesLocalhost = {
  info: {
    id: "ETCD-505",
    severity: "warning",
    name: "default-advertise-client-urls",
    etcdDoes: "Reading a config file with listen-client-urls but no advertise-client-urls, advertises its default http://localhost:2379: clients that sync endpoints connect to themselves.",
    fix: "Set advertise-client-urls to the URLs clients use to reach this member."
  },
  member(member) {
    const listen = settingOf(member, "listen-client-urls");
    if (!readsYaml(member) || !listen || settingOf(member, "advertise-client-urls")) return [];
    return [
      report(
        this.info,
        listen,
        `${written(listen)} without advertise-client-urls: etcd advertises http://localhost:2379 to clients and other members.`
      )
    ];
  }
};
var yamlDurationNanoseconds = {
  info: {
    id: "ETCD-506",
    severity: "warning",
    name: "yaml-duration-in-nanoseconds",
    etcdDoes: "Reads a duration in its config file as a whole number of nanoseconds: 5 is 5 ns, not 5 seconds.",
    fix: "Write the duration in nanoseconds (5 s = 5000000000), or pass it as a flag with a unit (5s)."
  },
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      if (setting.source !== "config-file" || specOf(setting, version)?.kind !== "duration") return [];
      const value = numberOf(setting);
      if (value === void 0 || value <= 0 || value >= 1e6) return [];
      return [
        report(
          this.info,
          setting,
          `${written(setting)} is ${value} ns (under a millisecond): etcd reads durations in its config file as nanoseconds.`,
          true
        )
      ];
    });
  }
};

// src/lint/rules/security.ts
var insecure = (scheme) => scheme === "http";
function firstPlainUrl(member, names, context) {
  const found = [];
  for (const name of names) {
    if (!name.startsWith("listen") && !settingOf(member, name)) continue;
    for (const url of urlsOf2(member, name, context)) {
      if (insecure(url.scheme))
        found.push({ name, url: url.text, loopback: name.startsWith("listen") && isLoopbackHost(url.hostname) });
    }
  }
  const exposed = found.filter((candidate) => !candidate.loopback);
  const listenOnly = found.filter((candidate) => candidate.loopback);
  const advertisedOnLoopback = exposed.every((candidate) => isLoopbackHost(hostOf(candidate.url)));
  const loopbackOnly = listenOnly.length > 0 && advertisedOnLoopback;
  const pick = loopbackOnly ? listenOnly[0] : exposed[0];
  if (!pick) return void 0;
  const setting = settingOf(member, pick.name);
  return { at: setting ?? anchorOf(member, ...names), setting, url: pick.url, loopbackOnly };
}
var isLoopbackHost = (hostname) => isLoopback(hostname.replace(/^\[|\]$/g, ""));
var hostOf = (url) => {
  const parsed = parseEtcdUrl(url);
  return "url" in parsed ? parsed.url.hostname : "";
};
function listensOnLoopbackOnly(member, name, context) {
  const names = name === "listen-client-urls" ? [name, "listen-client-http-urls"] : [name];
  const urls = names.flatMap((each) => urlsOf2(member, each, context)).filter((url) => url.scheme === "http" || url.scheme === "https");
  return urls.length > 0 && urls.every((url) => isLoopbackHost(url.hostname));
}
function exposureFinding(info, at2, message, atValue, loopbackOnly, listener) {
  if (!loopbackOnly) return report(info, at2, message, atValue);
  const note = ` Only this host reaches it: ${listener} binds to loopback alone, so this is a notice, not a warning.`;
  return findingAt(at2, "notice", info.id, `${message}${note}`, atValue);
}
var clientTls = {
  info: {
    id: "ETCD-401",
    severity: "warning",
    name: "client-tls",
    etcdDoes: "Serves clients in clear text on http URLs: anyone on the network reads and alters every key, Kubernetes Secrets included.",
    fix: "Serve clients on https URLs with cert-file and key-file (YAML: client-transport-security).",
    cis: "2.1"
  },
  member(member, context) {
    const plain = firstPlainUrl(member, ["listen-client-urls", "advertise-client-urls"], context);
    if (!plain) return [];
    const shown2 = plain.setting ? written(plain.setting) : `The default client URL ${plain.url}`;
    return [
      exposureFinding(
        this.info,
        plain.at,
        `${shown2}: clients talk to etcd unencrypted (CIS 2.1: serve clients over https with cert-file and key-file).`,
        plain.setting !== void 0,
        plain.loopbackOnly,
        "listen-client-urls"
      )
    ];
  }
};
var clientCertAuth = {
  info: {
    id: "ETCD-402",
    severity: "warning",
    name: "client-cert-auth",
    etcdDoes: "Without client-cert-auth, accepts every client that reaches its port, with no certificate.",
    fix: "Set client-cert-auth to true (YAML: client-transport-security.client-cert-auth) with trusted-ca-file naming the CA of the clients.",
    cis: "2.2"
  },
  member(member, context) {
    const setting = settingOf(member, "client-cert-auth");
    if (isTrue(setting?.value)) return [];
    const shown2 = setting ? written(setting) : "client-cert-auth is not set";
    return [
      exposureFinding(
        this.info,
        setting ?? anchorOf(member, "cert-file", "listen-client-urls"),
        `${shown2}: etcd accepts clients without a certificate (CIS 2.2: client-cert-auth true).`,
        setting !== void 0,
        listensOnLoopbackOnly(member, "listen-client-urls", context),
        "listen-client-urls"
      )
    ];
  }
};
var autoTls = {
  info: {
    id: "ETCD-403",
    severity: "warning",
    name: "client-auto-tls",
    etcdDoes: "With auto-tls, serves clients with a self-signed certificate it makes itself: clients cannot verify they talk to etcd.",
    fix: "Set auto-tls to false and give cert-file and key-file signed by etcd\u2019s CA.",
    cis: "2.3"
  },
  member(member) {
    const setting = settingOf(member, "auto-tls");
    if (!setting || !isTrue(setting.value)) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)}: etcd serves clients a self-signed certificate nobody can verify (CIS 2.3: auto-tls not true).`,
        true
      )
    ];
  }
};
var peerTls = {
  info: {
    id: "ETCD-404",
    severity: "warning",
    name: "peer-tls",
    etcdDoes: "Replicates in clear text between members on http peer URLs: anyone on the network reads the data and can pose as a member.",
    fix: "Use https peer URLs with peer-cert-file and peer-key-file (YAML: peer-transport-security).",
    cis: "2.4"
  },
  member(member, context) {
    const plain = firstPlainUrl(member, ["listen-peer-urls", "initial-advertise-peer-urls"], context);
    if (!plain) return [];
    const shown2 = plain.setting ? written(plain.setting) : `The default peer URL ${plain.url}`;
    return [
      exposureFinding(
        this.info,
        plain.at,
        `${shown2}: members replicate unencrypted (CIS 2.4: peer URLs https with peer-cert-file and peer-key-file).`,
        plain.setting !== void 0,
        plain.loopbackOnly,
        "listen-peer-urls"
      )
    ];
  }
};
var peerClientCertAuth = {
  info: {
    id: "ETCD-405",
    severity: "warning",
    name: "peer-client-cert-auth",
    etcdDoes: "Without peer-client-cert-auth, accepts any peer connection, so anyone reaching the peer port can pose as a member.",
    fix: "Set peer-client-cert-auth to true (YAML: peer-transport-security.client-cert-auth) with peer-trusted-ca-file.",
    cis: "2.5"
  },
  member(member, context) {
    const setting = settingOf(member, "peer-client-cert-auth");
    if (isTrue(setting?.value)) return [];
    const shown2 = setting ? written(setting) : "peer-client-cert-auth is not set";
    return [
      exposureFinding(
        this.info,
        setting ?? anchorOf(member, "peer-cert-file", "listen-peer-urls"),
        `${shown2}: etcd accepts peers without a certificate (CIS 2.5: peer-client-cert-auth true).`,
        setting !== void 0,
        listensOnLoopbackOnly(member, "listen-peer-urls", context),
        "listen-peer-urls"
      )
    ];
  }
};
var peerAutoTls = {
  info: {
    id: "ETCD-406",
    severity: "warning",
    name: "peer-auto-tls",
    etcdDoes: "With peer-auto-tls, members use self-signed certificates they make themselves: a member cannot verify its peers.",
    fix: "Set peer-auto-tls to false and give peer-cert-file and peer-key-file signed by etcd\u2019s CA.",
    cis: "2.6"
  },
  member(member) {
    const setting = settingOf(member, "peer-auto-tls");
    if (!setting || !isTrue(setting.value)) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)}: members use self-signed certificates nobody can verify (CIS 2.6: peer-auto-tls not true).`,
        true
      )
    ];
  }
};
var trustedCaMissing = {
  info: {
    id: "ETCD-407",
    severity: "warning",
    name: "trusted-ca-missing",
    etcdDoes: "Checks client (or peer) certificates against the system\u2019s public CAs when no trusted CA file is set: certificates from any public CA get in.",
    fix: "Set trusted-ca-file and peer-trusted-ca-file to a CA used for etcd only.",
    cis: "2.7"
  },
  member(member) {
    const findings = [];
    for (const [auth, ca] of [
      ["client-cert-auth", "trusted-ca-file"],
      ["peer-client-cert-auth", "peer-trusted-ca-file"]
    ]) {
      const authSetting = settingOf(member, auth);
      if (!authSetting || !isTrue(authSetting.value) || (settingOf(member, ca)?.value.trim() ?? "") !== "") continue;
      findings.push(
        report(
          this.info,
          authSetting,
          `${written(authSetting)} without ${ca}: etcd verifies certificates against the system\u2019s public CAs (CIS 2.7: a CA for etcd alone).`
        )
      );
    }
    return findings;
  }
};
var KUBERNETES_CA = /(^|\/)kubernetes\/(pki|ssl|certs?)\/ca\.(crt|pem)$/;
var sharedKubernetesCa = {
  info: {
    id: "ETCD-408",
    severity: "notice",
    name: "shared-kubernetes-ca",
    etcdDoes: "Trusts every certificate the Kubernetes CA signs (kubelets, users, controllers) when that CA is its trusted CA.",
    fix: "Give etcd a CA of its own (kubeadm: /etc/kubernetes/pki/etcd/ca.crt).",
    cis: "2.7"
  },
  member(member) {
    return ["trusted-ca-file", "peer-trusted-ca-file"].flatMap((name) => {
      const setting = settingOf(member, name);
      if (!setting || !KUBERNETES_CA.test(setting.value.trim())) return [];
      return [
        report(
          this.info,
          setting,
          `${written(setting)} is the Kubernetes cluster CA: every certificate it signs can reach etcd (CIS 2.7: a CA for etcd alone).`,
          true
        )
      ];
    });
  }
};
var externalEtcdTls = {
  info: {
    id: "ETCD-409",
    severity: "warning",
    name: "external-etcd-tls",
    etcdDoes: "The API server talks to an external etcd in clear text over http endpoints, or without a client certificate when certFile/keyFile are missing.",
    fix: "List https endpoints under etcd.external and set caFile, certFile and keyFile."
  },
  file(file) {
    const external = file.external;
    if (!external) return [];
    const findings = [];
    for (const endpoint of external.endpoints) {
      const parsed = parseEtcdUrl(endpoint.value);
      if ("url" in parsed && parsed.url.scheme === "http") {
        findings.push(
          report(
            this.info,
            endpoint,
            `etcd.external endpoint ${endpoint.value} is http: the API server sends every object, Secrets included, unencrypted.`
          )
        );
      }
    }
    const missing = ["caFile", "certFile", "keyFile"].filter((key) => !external[key]?.value);
    if (missing.length > 0) {
      findings.push(
        report(
          this.info,
          external,
          `etcd.external has no ${missing.join(", ")}: the API server cannot verify etcd or present a client certificate.`
        )
      );
    }
    return findings;
  }
};

// src/lint/rules/settings.ts
var OWN_VARIABLES = /* @__PURE__ */ new Set(["ETCD_UNSUPPORTED_ARCH"]);
function spellLike(setting, replacement, version) {
  if (replacement.startsWith("the ") || replacement.startsWith("`")) return replacement;
  const [name, ...value] = replacement.split("=");
  const rest = value.length > 0 ? `=${value.join("=")}` : "";
  if (setting.source === "env") return `${envOfFlag(name)}${rest}`;
  if (setting.source === "config-file")
    return `${flagInfo(name, version).spec?.yaml[version.minor] ?? name}${rest.replace("=", ": ")}`;
  return `--${name}${rest}`;
}
function whyUnknown(setting, status, version, suggestion) {
  if (status.removedIn)
    return `etcd ${status.removedIn} removed it${status.use ? `; use ${spellLike(setting, status.use, version)}` : ""}`;
  if (status.since) return `etcd ${version.minor}.${version.patch} does not have it yet (it came in ${status.since})`;
  if (status.spec) return `etcd ${version.minor} does not have it`;
  return `etcd ${version.minor} has no such setting${suggestion ? ` (did you mean ${spellLike(setting, suggestion, version)}?)` : ""}`;
}
function commandLineFlags(member) {
  return [...member.settings, ...member.ignoredSettings ?? []].filter(isFlag);
}
var unknownFlag = {
  info: {
    id: "ETCD-301",
    severity: "error",
    name: "unknown-flag",
    etcdDoes: "Exits with status 2 on a command-line flag it does not know (a typo, or a flag this release removed or does not have yet), even beside --config-file.",
    fix: "Correct the flag name (see etcd --help of the release you run), or use the replacement the message names."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    return commandLineFlags(member).flatMap((setting) => {
      const status = flagInfo(setting.name, version);
      if (status.known || setting.name === "h" || setting.name === "help") return [];
      const suggestion = nearest(setting.name, knownFlags(version));
      const why = whyUnknown(setting, status, version, suggestion);
      const message = `${written(setting)}: ${why}; ${refuses(`flag provided but not defined: -${setting.name}`)}.`;
      return [report(this.info, setting, message)];
    });
  }
};
function sectionKeyOf(name, version) {
  const key = flagInfo(name, version).spec?.yaml[version.minor];
  return key?.includes("-transport-security.") ? key : void 0;
}
var unknownSetting = {
  info: {
    id: "ETCD-302",
    severity: "warning",
    name: "unknown-setting",
    etcdDoes: "Ignores a YAML key it does not know without a word, and an unknown ETCD_* variable with only a warning: the setting never applies.",
    fix: "Correct the key or variable name (YAML keys are flag names; variables are ETCD_ and the flag name in capitals with underscores)."
  },
  readsAsWritten: true,
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      if (setting.source === "env") {
        const status2 = flagInfo(setting.name, version);
        if (status2.known || OWN_VARIABLES.has(setting.key)) return [];
        const suggestion2 = nearest(setting.name, knownFlags(version));
        const why2 = whyUnknown(setting, status2, version, suggestion2);
        const message = `${written(setting)}: ${why2}; etcd only warns "unrecognized environment variable" and ignores it.`;
        return [report(this.info, setting, message)];
      }
      if (setting.source !== "config-file" || yamlKeyStatus(setting.key, version) === "known") return [];
      const name = setting.key.toLowerCase();
      if (!name.includes(".") && sectionKeyOf(name, version)) return [];
      if (name === "client-crl-file" || name === "peer-crl-file") {
        return [
          report(
            this.info,
            setting,
            `${written(setting)}: etcd\u2019s config file has no CRL setting and ignores this key; a CRL needs the --${name} flag, without --config-file.`
          )
        ];
      }
      const status = flagInfo(name, version);
      const suggestion = nearest(name, knownYamlKeys(version));
      const why = whyUnknown(setting, status, version, suggestion);
      return [
        report(
          this.info,
          setting,
          `${written(setting)}: ${why}; etcd ignores keys of its config file it does not know, so this setting never applies.`
        )
      ];
    });
  }
};
var tlsKeyOutsideSection = {
  info: {
    id: "ETCD-303",
    severity: "warning",
    name: "tls-key-outside-section",
    etcdDoes: "Ignores TLS keys at the top level of its config file: it reads them only under client-transport-security and peer-transport-security, so TLS is silently not configured.",
    fix: "Move the key under client-transport-security (cert-file, key-file, trusted-ca-file, client-cert-auth, auto-tls) or peer-transport-security (the peer-* settings, without peer-)."
  },
  readsAsWritten: true,
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      if (setting.source !== "config-file" || setting.key.includes(".")) return [];
      const sectionKey = sectionKeyOf(setting.key.toLowerCase(), version);
      if (!sectionKey || yamlKeyStatus(setting.key, version) === "known") return [];
      const [section, key] = sectionKey.split(".");
      const where2 = section === "client-transport-security" ? `${section} (or peer-transport-security, for peer TLS)` : `${section} (as ${key})`;
      const message = `${written(setting)} at the top level: etcd\u2019s config file reads it only indented under ${where2}, and ignores it here, so this TLS setting does not apply.`;
      return [report(this.info, setting, message)];
    });
  }
};
function atQuietDefault(setting, name, version) {
  const etcdWarns = version.minor === "3.6" || version.minor === "3.5" && setting.source !== "config-file";
  if (etcdWarns) return false;
  const spec = flagInfo(name, version).spec;
  return spec?.kind === "bool" ? !isTrue(setting.value) : setting.value === defaultOf(name, version);
}
var deprecatedSetting = {
  info: {
    id: "ETCD-304",
    severity: "warning",
    name: "deprecated-setting",
    etcdDoes: "Still takes a deprecated setting (often with a warning), and drops it in a later release.",
    fix: "Use the replacement the message names before upgrading."
  },
  readsAsWritten: true,
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      const name = setting.source === "config-file" ? flagOfYamlKey(setting.key, version)?.name : setting.name;
      if (!name) return [];
      const status = flagInfo(name, version);
      if (status.known && status.deprecatedIn && atQuietDefault(setting, name, version)) return [];
      if (status.known && status.deprecatedIn) {
        const use = status.use ? `; use ${spellLike(setting, status.use, version)}` : "";
        return [
          report(this.info, setting, `${written(setting)}: etcd ${status.deprecatedIn} deprecates ${name}${use}.`)
        ];
      }
      if (name === "logger" && setting.value === "capnslog" && version.minor === "3.4") {
        return [
          report(
            this.info,
            setting,
            `${written(setting)}: etcd 3.4 deprecates the capnslog logger and 3.5 removes it; use zap.`,
            true
          )
        ];
      }
      return [];
    });
  }
};
function effectiveSettings(member, version) {
  return member.settings.filter((setting) => {
    if (setting.source === "kubeadm-default") return false;
    if (setting.source === "config-file") return yamlKeyStatus(setting.key, version) === "known";
    return flagInfo(setting.name, version).known;
  });
}
var sourceKind = (setting) => setting.source === "env" ? "env" : setting.source === "config-file" ? "yaml" : "flag";
var duplicateSetting = {
  info: {
    id: "ETCD-305",
    severity: "warning",
    name: "duplicate-setting",
    etcdDoes: "Uses the last value of a setting given twice (flags, ETCD_* variables, YAML keys in any letter case); the earlier value silently does nothing.",
    fix: "Keep one occurrence of the setting, with the value you mean."
  },
  readsAsWritten: true,
  member(member, { version }) {
    const settings = effectiveSettings(member, version);
    const findings = [];
    settings.forEach((setting, index) => {
      const later = settings.slice(index + 1).find((other) => other.name === setting.name && sourceKind(other) === sourceKind(setting));
      if (!later) return;
      const where2 = later.at.file === setting.at.file ? `line ${later.at.line}` : `${later.at.file}:${later.at.line}`;
      findings.push(
        report(
          this.info,
          setting,
          `${written(setting)} is set again at ${where2} (${written(later)}); etcd uses the last value, so this one does nothing.`
        )
      );
    });
    return findings;
  }
};
var flagAndEnvironment = {
  info: {
    id: "ETCD-306",
    severity: "error",
    name: "flag-and-environment-variable",
    etcdDoes: "Exits when an option is given both as a command-line flag and as its ETCD_* variable (even an empty one).",
    fix: "Give each option once: remove the flag or the variable."
  },
  readsAsWritten: true,
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const flags = member.settings.filter(
      (setting) => setting.source === "flag" && flagInfo(setting.name, version).known
    );
    return member.settings.flatMap((setting) => {
      if (setting.source !== "env" || setting.key !== envOfFlag(setting.name)) return [];
      const flag = flags.find((candidate) => candidate.name === setting.name);
      if (!flag) return [];
      const etcdMessage = version.minor === "3.4" ? `conflicting environment variable ${JSON.stringify(setting.key)} is shadowed by corresponding command-line flag (either unset environment variable or disable flag)` : "conflicting environment variable is shadowed by corresponding command-line flag (either unset environment variable or disable flag))";
      return [
        report(
          this.info,
          setting,
          `${written(setting)} and the flag ${written(flag)} set one option; ${refuses(etcdMessage)}.`
        )
      ];
    });
  }
};
var ignoredBesideConfigFile = {
  info: {
    id: "ETCD-307",
    severity: "warning",
    name: "ignored-beside-config-file",
    etcdDoes: "With --config-file (or ETCD_CONFIG_FILE), reads only that file: every other flag and ETCD_* variable is ignored.",
    fix: "Move the setting into the config file, or drop --config-file and give everything as flags."
  },
  member(member, { version }) {
    const configFile = member.settings.find((setting) => setting.name === "config-file");
    return (member.ignoredSettings ?? []).flatMap((setting) => {
      if (setting.name === "config-file" || isFlag(setting) && !flagInfo(setting.name, version).known) return [];
      const file = configFile ? ` ${configFile.value}` : "";
      return [
        report(
          this.info,
          setting,
          `${written(setting)} is ignored: etcd reads only its config file${file} when one is given.`
        )
      ];
    });
  }
};

// src/lint/rules/startup-logging.ts
var LEVELS = ["debug", "info", "warn", "error", "dpanic", "panic", "fatal"];
var CAPNSLOG_OUTPUTS = ["default", "stderr", "stdout"];
var invalidLogging = {
  info: {
    id: "ETCD-113",
    severity: "error",
    name: "invalid-logging",
    etcdDoes: "Refuses to start (or panics) on an unknown logger, log level, log output or log format; 3.5 removed the capnslog logger, and 3.4\u2019s capnslog takes one output of default, stderr or stdout.",
    fix: "Use logger zap, log-level debug/info/warn/error/panic/fatal, log-outputs stderr, stdout, default or file paths (3.6: log-format json or console)."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const findings = [];
    const loggerSetting = settingOf(member, "logger");
    const logger = valueOf(member, "logger", version);
    if (loggerSetting && logger === "capnslog" && version.minor !== "3.4") {
      findings.push(
        report(
          this.info,
          loggerSetting,
          `${written(loggerSetting)}: etcd ${version.minor} logs with zap only; ${refuses("--logger=capnslog is removed in v3.5")}.`,
          true
        )
      );
      return findings;
    }
    if (loggerSetting && logger !== "capnslog" && logger !== "zap") {
      const etcdMessage = `unknown logger option ${JSON.stringify(logger)}`;
      findings.push(
        report(
          this.info,
          loggerSetting,
          `${written(loggerSetting)}: etcd takes zap${version.minor === "3.4" ? " or capnslog" : ""}; ${refuses(etcdMessage)}.`,
          true
        )
      );
      return findings;
    }
    const outputsSetting = settingOf(member, "log-outputs");
    if (outputsSetting) {
      const outputs = outputsSetting.value.split(",").map((output) => output.trim());
      if (logger === "capnslog" && outputs.length !== 1) {
        const etcdMessage = `--logger=capnslog supports only 1 value in '--log-outputs', got [${outputs.map((output) => JSON.stringify(output)).join(" ")}]`;
        findings.push(
          report(
            this.info,
            outputsSetting,
            `${written(outputsSetting)}: etcd 3.4 logs with capnslog unless logger is zap; ${refuses(etcdMessage)}.`,
            true
          )
        );
      } else if (logger === "capnslog" && !CAPNSLOG_OUTPUTS.includes(outputs[0])) {
        const etcdMessage = `unknown log-output ${JSON.stringify(outputs[0])} (only supports "default", "stderr", "stdout")`;
        findings.push(
          report(
            this.info,
            outputsSetting,
            `${written(outputsSetting)}: etcd 3.4 logs with capnslog unless logger is zap; ${refuses(etcdMessage)}.`,
            true
          )
        );
      } else if (logger === "zap" && outputs.length > 1 && outputs.includes("default")) {
        const etcdMessage = 'multi logoutput for "default" is not supported yet';
        findings.push(
          report(
            this.info,
            outputsSetting,
            `${written(outputsSetting)}: default cannot be combined with other outputs; ${refuses(etcdMessage)}.`,
            true
          )
        );
      }
    }
    const level = settingOf(member, "log-level");
    const levelKnown = (text) => LEVELS.includes(text) || version.minor !== "3.4" && (LEVELS.includes(text.toLowerCase()) || text === "");
    if (level && !levelKnown(level.value)) {
      const etcdMessage = version.minor === "3.4" ? `panic: unknown level ${JSON.stringify(level.value)}` : `panic: unrecognized level: ${JSON.stringify(level.value)}`;
      findings.push(
        report(this.info, level, `${written(level)}: etcd takes ${LEVELS.join(", ")}; ${refuses(etcdMessage)}.`, true)
      );
    }
    const format = settingOf(member, "log-format");
    if (format && version.minor === "3.6" && !["json", "console"].includes(format.value)) {
      const etcdMessage = `unknown log format: ${format.value}, supported values json, console`;
      findings.push(
        report(this.info, format, `${written(format)}: etcd takes json or console; ${refuses(etcdMessage)}.`, true)
      );
    }
    return findings;
  }
};

// src/lint/rules/startup-settings.ts
var invalidClusterState = {
  info: {
    id: "ETCD-105",
    severity: "error",
    name: "invalid-cluster-state",
    etcdDoes: "Refuses to start: initial-cluster-state is new or existing.",
    fix: "Use new for the members that bootstrap a cluster together, existing for a member added to a running cluster."
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    return parsedOccurrences(member, "initial-cluster-state").flatMap((setting) => {
      if (setting.value === "new" || setting.value === "existing") return [];
      if (setting.value === "" && setting.source !== "flag") return [];
      const etcdMessage = readsYaml(member) ? `unexpected clusterState ${JSON.stringify(setting.value)}` : flagValueError(setting, "invalid value");
      return [
        report(this.info, setting, `${written(setting)}: etcd takes new or existing; ${refuses(etcdMessage)}.`, true)
      ];
    });
  }
};
var conflictingBootstrap = {
  info: {
    id: "ETCD-106",
    severity: "error",
    name: "conflicting-bootstrap",
    etcdDoes: "Refuses to start: a member bootstraps from exactly one of initial-cluster, discovery, discovery-srv (3.6: or discovery-endpoints).",
    fix: "Keep one way to bootstrap: initial-cluster for a static cluster, or one discovery setting."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const sources = [
      "initial-cluster",
      "discovery",
      "discovery-srv",
      ...version.minor === "3.6" ? ["discovery-endpoints"] : []
    ];
    const set = sources.map((name) => settingOf(member, name)).filter((setting) => (setting?.value.trim() ?? "") !== "");
    if (set.length < 2) return [];
    const names = version.minor === "3.6" ? '"initial-cluster", "discovery", "discovery-endpoints" or "discovery-srv"' : '"initial-cluster", "discovery" or "discovery-srv"';
    const etcdMessage = `multiple discovery or bootstrap flags are set. Choose one of ${names}`;
    const listed = set.map((setting) => written(setting)).join(" and ");
    return set.slice(1).map((setting) => report(this.info, setting, `${listed} are both set; ${refuses(etcdMessage)}.`));
  }
};
function wholeNumber(setting, fallback) {
  if (!setting) return fallback;
  const parsed = goParseInteger(setting.value.trim(), false);
  return parsed === void 0 ? void 0 : Number(parsed);
}
var raftTiming = {
  info: {
    id: "ETCD-107",
    severity: "error",
    name: "raft-timing",
    etcdDoes: "Refuses to start unless 0 < 5 x heartbeat-interval <= election-timeout <= 50000 (milliseconds).",
    fix: "Set heartbeat-interval near the round-trip time between members and election-timeout to about 10 times it (defaults 100 and 1000)."
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    const heartbeatSetting = settingOf(member, "heartbeat-interval");
    const electionSetting = settingOf(member, "election-timeout");
    const heartbeat = wholeNumber(heartbeatSetting, 100);
    const election = wholeNumber(electionSetting, 1e3);
    if (heartbeat === void 0 || election === void 0) return [];
    const at2 = electionSetting ?? heartbeatSetting;
    let etcdMessage;
    let explanation = "";
    if (heartbeat === 0) {
      etcdMessage = "--heartbeat-interval must be >0 (set to 0ms)";
      explanation = "heartbeat-interval is 0";
    } else if (election === 0) {
      etcdMessage = "--election-timeout must be >0 (set to 0ms)";
      explanation = "election-timeout is 0";
    } else if (5 * heartbeat > election) {
      etcdMessage = `--election-timeout[${election}ms] should be at least as 5 times as --heartbeat-interval[${heartbeat}ms]`;
      explanation = `election-timeout ${election} ms is less than 5 x heartbeat-interval ${heartbeat} ms`;
    } else if (election > 5e4) {
      etcdMessage = `--election-timeout[${election}ms] is too long, and should be set less than 50000ms`;
      explanation = `election-timeout ${election} ms is above 50000 ms`;
    }
    if (!etcdMessage || !at2) return [];
    const shown2 = [heartbeatSetting, electionSetting].filter((setting) => setting !== void 0).map(written).join(" with ");
    return [report(this.info, at2, `${shown2}: ${explanation}; ${refuses(etcdMessage)}.`, true)];
  }
};
var autoCompaction = {
  info: {
    id: "ETCD-109",
    severity: "error",
    name: "invalid-auto-compaction",
    etcdDoes: "Refuses to start: auto-compaction-mode is periodic or revision, and auto-compaction-retention a whole number or a duration.",
    fix: "Use auto-compaction-mode periodic with a retention such as 1h (or a number of hours), or revision with a number of revisions."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const findings = [];
    const mode = settingOf(member, "auto-compaction-mode");
    if (mode && mode.value !== "periodic" && mode.value !== "revision" && !(mode.value === "" && version.minor !== "3.6")) {
      const etcdMessage = mode.value === "" ? "undefined auto-compaction-mode" : `unknown auto-compaction-mode ${JSON.stringify(mode.value)}`;
      findings.push(
        report(this.info, mode, `${written(mode)}: etcd takes periodic or revision; ${refuses(etcdMessage)}.`, true)
      );
    }
    const retention = settingOf(member, "auto-compaction-retention");
    if (retention) {
      const whole = /^\d+$/.test(retention.value) && Number(retention.value) >= 0;
      const duration = goParseDuration(retention.value);
      if (!whole && "error" in duration) {
        const etcdMessage = `error parsing CompactionRetention: ${duration.error}`;
        findings.push(
          report(
            this.info,
            retention,
            `${written(retention)} is neither a whole number nor a duration such as 1h; ${refuses(etcdMessage)}.`,
            true
          )
        );
      }
    }
    return findings;
  }
};
var leaseCheckpointPersist = {
  info: {
    id: "ETCD-110",
    severity: "error",
    name: "lease-checkpoint-persist-alone",
    etcdDoes: "Refuses to start: persisting lease checkpoints needs lease checkpoints (3.4.20+, 3.5.2+; 3.6 as feature gates).",
    fix: "Enable experimental-enable-lease-checkpoint (3.6: feature gate LeaseCheckpoint) too, or drop the persist setting."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const gates = featureGates(member);
    const persist = settingOf(member, "experimental-enable-lease-checkpoint-persist");
    const checkpoint = settingOf(member, "experimental-enable-lease-checkpoint");
    const persistOn = isTrue(persist?.value) || gates.get("LeaseCheckpointPersist") === true;
    const checkpointOn = isTrue(checkpoint?.value) || gates.get("LeaseCheckpoint") === true;
    if (!persistOn || checkpointOn) return [];
    const at2 = persist && isTrue(persist.value) ? persist : settingOf(member, "feature-gates");
    if (!at2) return [];
    const etcdMessage = version.minor === "3.6" ? "enabling feature gate LeaseCheckpointPersist requires enabling feature gate LeaseCheckpoint" : "setting experimental-enable-lease-checkpoint-persist requires experimental-enable-lease-checkpoint";
    return [report(this.info, at2, `${written(at2)} without lease checkpoints enabled; ${refuses(etcdMessage)}.`)];
  }
};
function featureGates(member) {
  const gates = /* @__PURE__ */ new Map();
  for (const part of (settingOf(member, "feature-gates")?.value ?? "").split(",")) {
    const [name, value] = part.split("=").map((text) => text.trim());
    if (name)
      gates.set(
        name,
        value === void 0 ? void 0 : /^(1|t|true)$/i.test(value) ? true : /^(0|f|false)$/i.test(value) ? false : void 0
      );
  }
  return gates;
}

// src/lint/rules/startup-releases.ts
var REFUSED_TOGETHER = RENAMED_IN_3_6.filter((name) => name !== "warning-unary-request-duration");
var oldAndNewName = {
  info: {
    id: "ETCD-115",
    severity: "error",
    name: "old-and-new-name",
    etcdDoes: "etcd 3.6 refuses to start when an experimental setting is given under both its old and its new name (or as a flag and as its feature gate).",
    fix: "Keep only the new name (3.6 renamed experimental-X to X, and moved some to --feature-gates)."
  },
  refusesIn: ["3.6"],
  member(member, { version }) {
    if (version.minor !== "3.6") return [];
    const findings = [];
    for (const newName of REFUSED_TOGETHER) {
      const oldName = `experimental-${newName}`;
      const old = settingOf(member, oldName);
      const renamed = settingOf(member, newName);
      if (!old || !renamed) continue;
      const etcdMessage = `cannot set --${oldName} and --${newName} at the same time, please use --${newName} only`;
      findings.push(
        report(this.info, old, `${written(old)} and ${written(renamed)} are both set; ${refuses(etcdMessage)}.`)
      );
    }
    const unary = [
      settingOf(member, "experimental-warning-unary-request-duration"),
      settingOf(member, "warning-unary-request-duration")
    ];
    if (unary[0] && unary[1]) {
      const etcdMessage = "both --experimental-warning-unary-request-duration and --warning-unary-request-duration flags are set. Use only --warning-unary-request-duration";
      findings.push(
        report(
          this.info,
          unary[0],
          `${written(unary[0])} and ${written(unary[1])} are both set; ${refuses(etcdMessage)}.`
        )
      );
    }
    const gatesSetting = settingOf(member, "feature-gates");
    for (const [flag, gate] of Object.entries(FEATURE_GATE_FLAGS)) {
      const setting = settingOf(member, flag);
      if (!setting || !gatesSetting || !gatesSetting.value.includes(gate)) continue;
      const on = isTrue(setting.value);
      const etcdMessage = `cannot specify both flags: --${flag}=${on} and --feature-gates=${gate}=`;
      findings.push(
        report(
          this.info,
          setting,
          `${written(setting)} and ${written(gatesSetting)} both set ${gate}; ${refuses(etcdMessage)}.`
        )
      );
    }
    return findings;
  }
};
var invalidFeatureGate = {
  info: {
    id: "ETCD-116",
    severity: "error",
    name: "invalid-feature-gate",
    etcdDoes: "etcd 3.6 refuses to start on a feature gate it does not know or without a true/false value.",
    fix: `Write feature-gates as Name=true,Other=false with the gates of etcd 3.6: ${FEATURE_GATES_3_6.join(", ")}.`
  },
  refusesIn: ["3.6"],
  member(member, { version }) {
    const setting = settingOf(member, "feature-gates");
    if (version.minor !== "3.6" || !setting) return [];
    const gates = featureGates(member);
    for (const [name, value] of gates) {
      let etcdMessage;
      if (!FEATURE_GATES_3_6.includes(name)) etcdMessage = `unrecognized feature gate: ${name}`;
      else if (value === void 0)
        etcdMessage = setting.value.includes(`${name}=`) ? `invalid value of ${name}=` : `missing bool value for ${name}`;
      if (etcdMessage)
        return [
          report(
            this.info,
            setting,
            `${written(setting)}: ${name} is not a feature gate etcd 3.6 takes with true or false; ${refuses(etcdMessage)}.`,
            true
          )
        ];
    }
    return [];
  }
};
function given(member, name) {
  const setting = settingOf(member, name);
  return setting && setting.value.trim() !== "" ? setting : void 0;
}
var V3_DISCOVERY = [
  "discovery-endpoints",
  "discovery-token",
  "discovery-cert",
  "discovery-key",
  "discovery-cacert",
  "discovery-user",
  "discovery-password"
];
var V2_DEPRECATION_ORDER = ["not-yet", "write-only", "write-only-drop-data", "gone"];
var conflictingV2OrDiscovery = {
  info: {
    id: "ETCD-117",
    severity: "error",
    name: "conflicting-v2-or-discovery",
    etcdDoes: "etcd 3.5 refuses --enable-v2 with --v2-deprecation write-only or later; etcd 3.6 refuses discovery-fallback proxy, v2 and v3 discovery settings together, and a discovery token without endpoints (or the reverse).",
    fix: "Drop the v2 API and v2 proxy settings; for 3.6 discovery give discovery-token and discovery-endpoints together and no discovery-proxy."
  },
  refusesIn: ["3.5", "3.6"],
  member(member, { version }) {
    if (version.minor === "3.5") {
      const enableV2 = settingOf(member, "enable-v2");
      const deprecation = settingOf(member, "v2-deprecation");
      if (enableV2 && isTrue(enableV2.value) && deprecation && V2_DEPRECATION_ORDER.indexOf(deprecation.value) >= 1) {
        const etcdMessage = `--enable-v2 and --v2-deprecation=${deprecation.value} are mutually exclusive`;
        return [
          report(this.info, enableV2, `${written(enableV2)} with ${written(deprecation)}; ${refuses(etcdMessage)}.`)
        ];
      }
      return [];
    }
    if (version.minor !== "3.6") return [];
    const fallback = settingOf(member, "discovery-fallback");
    if (fallback && fallback.value === "proxy" && fallback.source !== "config-file") {
      const etcdMessage = `v2 proxy is deprecated, and --discovery-fallback can't be configured as "proxy"`;
      return [
        report(this.info, fallback, `${written(fallback)}: etcd 3.6 has no v2 proxy; ${refuses(etcdMessage)}.`, true)
      ];
    }
    const v2 = given(member, "discovery-proxy");
    const v3 = V3_DISCOVERY.map((name) => given(member, name)).find((setting) => setting !== void 0);
    if (v2 && v3) {
      const etcdMessage = "both v2 discovery settings (discovery, discovery-proxy) and v3 discovery settings (discovery-token, discovery-endpoints, discovery-cert, discovery-key, discovery-cacert, discovery-user, discovery-password) are set";
      return [report(this.info, v2, `${written(v2)} with ${written(v3)}; ${refuses(etcdMessage)}.`)];
    }
    const token = given(member, "discovery-token");
    const endpoints = given(member, "discovery-endpoints");
    if (token === void 0 !== (endpoints === void 0)) {
      const at2 = token ?? endpoints;
      return [
        report(
          this.info,
          at2,
          `${written(at2)} without ${token ? "discovery-endpoints" : "discovery-token"}; ${refuses("both --discovery-token and --discovery-endpoints must be set")}.`
        )
      ];
    }
    return [];
  }
};

// src/lint/rules/index.ts
var RULE_LIST = [
  invalidUrl,
  listenUrlNotIp,
  advertiseUrlWithoutHost,
  invalidInitialCluster,
  invalidClusterState,
  conflictingBootstrap,
  raftTiming,
  advertiseClientUrlsMissing,
  autoCompaction,
  leaseCheckpointPersist,
  tlsFilesMissing,
  invalidTlsOptions,
  invalidLogging,
  invalidValue,
  oldAndNewName,
  invalidFeatureGate,
  conflictingV2OrDiscovery,
  clientUrlListedTwice,
  nameNotInInitialCluster,
  advertisePeerUrlsMismatch,
  duplicateInitialClusterUrl,
  initialClusterDisagreement,
  clusterTokenMismatch,
  duplicateMemberName,
  duplicateMemberAddress,
  evenMemberCount,
  mixedClusterState,
  initialClusterNames,
  unknownFlag,
  unknownSetting,
  tlsKeyOutsideSection,
  deprecatedSetting,
  duplicateSetting,
  flagAndEnvironment,
  ignoredBesideConfigFile,
  clientTls,
  clientCertAuth,
  autoTls,
  peerTls,
  peerClientCertAuth,
  peerAutoTls,
  trustedCaMissing,
  sharedKubernetesCa,
  externalEtcdTls,
  urlHiddenParts,
  quotaTooLarge,
  requestTooLarge,
  settingIgnored,
  defaultName,
  advertisesLocalhost,
  yamlDurationNanoseconds
];
var RULES = [
  ...READER_RULES,
  ...RULE_LIST.map((rule) => rule.info),
  ...BOOT_RULES,
  ...UPGRADE_RULES
];
var COMMAND_LINE_RULES = [unknownFlag, invalidValue, ignoredBesideConfigFile];
function withUnreadConfigFile(member) {
  const configFile = member.settings.find((setting) => setting.name === "config-file" && setting.value.trim() !== "");
  if (!configFile || member.settings.some((setting) => setting.source === "config-file")) return void 0;
  const others = member.settings.filter((setting) => setting !== configFile);
  return { ...member, settings: [configFile], ignoredSettings: [...others, ...member.ignoredSettings ?? []] };
}
function runRules(files, groups, options) {
  const context = { version: parseEtcdVersion(options.etcdVersion) };
  const findings = [];
  for (const file of files) {
    for (const rule of RULE_LIST) if (rule.file) findings.push(...rule.file(file, context));
    for (const member of file.members) {
      const unread = withUnreadConfigFile(member);
      const rules = unread ? COMMAND_LINE_RULES : RULE_LIST;
      const applied = appliedMember(unread ?? member, context.version);
      for (const rule of rules)
        if (rule.member) findings.push(...rule.member(rule.readsAsWritten ? unread ?? member : applied, context));
    }
  }
  for (const group of groups) {
    const members = group.members.filter((member) => !withUnreadConfigFile(member)).map((member) => appliedMember(member, context.version));
    for (const rule of RULE_LIST) if (rule.group) findings.push(...rule.group({ ...group, members }, context));
  }
  return findings;
}

// src/config/target-options.ts
import { isIP as isIP2 } from "node:net";

// src/targets/kind.ts
var TARGET_KINDS = ["local", "container", "ssh"];
function recordedKind(states) {
  return TARGET_KINDS.find((kind) => states[kind] !== void 0);
}
function unhandledKind(kind) {
  throw new Error(`unhandled target kind ${String(kind)}`);
}

// src/config/target-options.ts
var IMAGE = /^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/;
var NETWORK = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
var USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;
var HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
function parseSshHost(entry) {
  const match = /^([^@\s]+)@(\[[0-9A-Fa-f:.]+\]|[^:[\]\s]+)(?::(\d{1,5}))?$/.exec(entry);
  if (!match) return void 0;
  const [, user, rawHost, rawPort] = match;
  const host = rawHost.startsWith("[") ? rawHost.slice(1, -1) : rawHost;
  const port = rawPort === void 0 ? 22 : Number(rawPort);
  const hostOk = rawHost.startsWith("[") ? isIP2(host) === 6 : isIP2(host) === 4 || HOST_NAME.test(host);
  if (!USER.test(user) || !hostOk || port < 1 || port > 65535) return void 0;
  return { user, host, port };
}
var OWN_OPTIONS = {
  local: [],
  container: ["image", "network"],
  ssh: ["hosts", "ssh-key", "known-hosts"]
};
function parseTarget(read, options = {}) {
  const access2 = options.access ?? true;
  const kind = read.oneOf("target", "local", TARGET_KINDS);
  for (const [owner, names] of Object.entries(OWN_OPTIONS)) {
    if (owner === kind) continue;
    for (const name of names) {
      const value = read.raw(name);
      if (value !== void 0)
        read.fail(name, name === "ssh-key" ? "***" : value, `nothing unless target is ${owner} (target is ${kind})`);
    }
  }
  switch (kind) {
    case "local":
      return { kind };
    case "container":
      return parseContainerTarget(read);
    case "ssh":
      return parseSshTarget(read, access2);
    default:
      return unhandledKind(kind);
  }
}
function parseContainerTarget(read) {
  const image = read.raw("image");
  if (image !== void 0 && !IMAGE.test(image))
    read.fail("image", image, "an image reference such as gcr.io/etcd-development/etcd:v3.5.21");
  const network = read.raw("network");
  if (network !== void 0 && !NETWORK.test(network)) {
    read.fail(
      "network",
      network,
      "a network name of letters, digits, _ . and - (up to 63), starting with a letter or digit"
    );
  }
  return { kind: "container", ...image ? { image } : {}, ...network ? { network } : {} };
}
function parseSshTarget(read, access2) {
  const kind = "ssh";
  const entries = read.list("hosts");
  if (entries.length === 0)
    read.fail(
      "hosts",
      "",
      "one user@host[:port] per member (comma- or newline-separated), 1 to 9 hosts, when target is ssh"
    );
  if (entries.length > 9) read.fail("hosts", read.raw("hosts") ?? "", `at most 9 hosts (${entries.length} given)`);
  const hosts = entries.map(
    (entry) => parseSshHost(entry) ?? read.fail("hosts", entry, "user@host[:port] entries, the host an IP address ([IPv6]) or DNS name")
  );
  const seen = /* @__PURE__ */ new Set();
  for (const host of hosts) {
    if (seen.has(host.host))
      read.fail(
        "hosts",
        read.raw("hosts") ?? "",
        `one entry per host: ${host.host} appears twice (each member needs its own address)`
      );
    seen.add(host.host);
  }
  const sshKey = read.raw("ssh-key");
  if (!access2) return { kind, hosts, sshKey: sshKey ?? "", knownHosts: read.raw("known-hosts") ?? "" };
  if (sshKey === void 0) read.fail("ssh-key", "", "the private key that logs in to every host, when target is ssh");
  const knownHosts = read.raw("known-hosts");
  if (knownHosts === void 0) {
    read.fail("known-hosts", "", "known_hosts lines for every host, when target is ssh (host keys are always checked)");
  }
  return { kind, hosts, sshKey, knownHosts };
}

// src/config/options.ts
import { randomInt as randomInt2 } from "node:crypto";
import { isIP as isIP6 } from "node:net";

// src/checks/rounds.ts
var MAX_ROUNDS = 50;
var SUMMED_FIGURES = /* @__PURE__ */ new Set(["keysLost"]);
function isSummedFigure(name) {
  return SUMMED_FIGURES.has(name);
}
function nearestRank(values, p) {
  if (values.length === 0) throw new Error("no values to take a percentile of");
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p / 100 * sorted.length)) - 1];
}
function combineFigures(rounds) {
  const names = [...new Set(rounds.flatMap((figures) => Object.keys(figures)))];
  const combined = {};
  for (const name of names) {
    const given2 = rounds.map((figures) => figures[name]).filter((value) => value !== void 0);
    if (given2.some((value) => typeof value === "boolean")) {
      combined[name] = given2.every((value) => value === true);
      continue;
    }
    const values = given2.filter((value) => typeof value === "number");
    if (SUMMED_FIGURES.has(name)) {
      combined[name] = values.reduce((sum, value) => sum + value, 0);
      continue;
    }
    combined[name] = nearestRank(values, 50);
    combined[`${name}P95`] = nearestRank(values, 95);
    combined[`${name}Max`] = Math.max(...values);
  }
  combined.rounds = rounds.length;
  return combined;
}
function combineRounds(results, planned) {
  const [first] = results;
  if (!first) throw new Error("no rounds to combine");
  const failedIndex = results.findIndex((result) => result.status !== "pass");
  const failed = failedIndex === -1 ? void 0 : results[failedIndex];
  const last = results[results.length - 1];
  let summary;
  if (!failed) {
    summary = `all ${results.length} rounds passed (figures: p50, with P95 and Max beside them); the last: ${last.summary}`;
  } else {
    const round = failedIndex + 1;
    summary = `round ${round} of ${planned} failed: ${failed.summary}`;
    if (round > 1) summary += `; round${round > 2 ? `s 1 to ${round - 1}` : " 1"} passed`;
    if (round < planned)
      summary += `; round${planned - round > 1 ? `s ${round + 1} to ${planned}` : ` ${planned}`} did not run`;
  }
  return {
    name: first.name,
    status: failed ? "fail" : "pass",
    summary,
    durationMs: results.reduce((sum, result) => sum + result.durationMs, 0),
    figures: combineFigures(results.map((result) => result.figures)),
    notes: [
      `${results.length} of ${planned} rounds ran on the same cluster, restored whole before each; figures are p50 with P95 and Max (nearest rank) over the rounds, keysLost is their sum; each round's own figures are in the JSON report`,
      ...failed ? failed.notes.map((note) => `round ${failedIndex + 1}: ${note}`) : []
    ],
    // Rounds stop at the first failure: the files handed back are that round's.
    ...failed?.files ? { files: failed.files } : {},
    rounds: results.map((result, index) => ({
      round: index + 1,
      status: result.status,
      summary: result.summary,
      durationMs: result.durationMs,
      figures: result.figures,
      notes: result.notes
    }))
  };
}

// src/checks/failover.ts
import { setMaxListeners } from "node:events";

// src/util/poll.ts
var PollTimeoutError = class extends Error {
  constructor(what, timeoutMs, lastError) {
    super(
      `timed out after ${timeoutMs} ms waiting for ${what}` + (lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})` : "")
    );
    this.lastError = lastError;
    this.name = "PollTimeoutError";
  }
  lastError;
};
async function pollUntil(attempt, options) {
  const { clock, timeoutMs, intervalMs } = options;
  const deadline = clock.now() + timeoutMs;
  const maxAttempts = Math.ceil(timeoutMs / Math.max(1, intervalMs)) + 1;
  let lastError;
  for (let i = 0; i < maxAttempts; i++) {
    try {
      const value = await attempt();
      if (value !== void 0) return value;
    } catch (error) {
      if (options.isFatal?.(error)) throw error;
      lastError = error;
    }
    if (clock.now() >= deadline) break;
    await clock.sleep(Math.min(intervalMs, Math.max(0, deadline - clock.now())));
  }
  throw new PollTimeoutError(options.what, timeoutMs, lastError);
}

// src/cluster/status.ts
async function collectStatus(client, members, timeoutMs) {
  return Promise.all(
    members.map(async (member) => {
      try {
        return { member, status: await client.status(member.clientUrl, { timeoutMs }) };
      } catch (error) {
        return { member, error: errorMessage(error) };
      }
    })
  );
}
function agreedLeader(rows) {
  const leaders = new Set(rows.map((row) => row.status?.leader));
  const [leader] = leaders;
  return leaders.size === 1 && leader !== void 0 ? leader : void 0;
}
function leaderOf(rows, leaderId) {
  return rows.find((row) => row.status?.id === leaderId)?.member;
}
async function statusWithAgreedLeader(spec, client, timeoutMs) {
  const rows = await collectStatus(client, spec.members, timeoutMs);
  const leaderId = agreedLeader(rows);
  const leader = leaderId ? leaderOf(rows, leaderId) : void 0;
  return leaderId && leader ? { rows, leaderId, leader } : void 0;
}
function waitForApplied(client, member, raftIndex, deps) {
  return pollUntil(
    async () => (await client.status(member.clientUrl, { timeoutMs: deps.requestTimeoutMs })).raftAppliedIndex >= raftIndex ? true : void 0,
    {
      what: `${member.name} to apply up to raft index ${raftIndex}`,
      timeoutMs: deps.timeoutMs,
      intervalMs: deps.intervalMs,
      clock: deps.clock
    }
  );
}

// src/cluster/listener.ts
import { request as httpRequest } from "node:http";
import { request } from "node:https";
var ATTEMPT_TIMEOUT_MS = 250;
var RETRY_MS = 10;
function membersAnswer(peerUrl, tls) {
  return new Promise((resolve) => {
    const url = new URL("/members", peerUrl);
    const get = url.protocol === "http:" ? httpRequest(url, { method: "GET", agent: false, timeout: ATTEMPT_TIMEOUT_MS }) : request(url, {
      method: "GET",
      agent: false,
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      // Only readiness matters here; certificates are verified by every real request.
      rejectUnauthorized: false,
      timeout: ATTEMPT_TIMEOUT_MS
    });
    get.once("response", (response) => {
      response.resume();
      resolve(true);
    });
    get.once("timeout", () => get.destroy());
    get.once("error", () => resolve(false));
    get.end();
  });
}
async function waitForPeerApi(peerUrl, tls, deps) {
  const outcome = await pollUntil(
    async () => {
      if (await membersAnswer(peerUrl, tls)) return true;
      return await deps.stillRunning() ? void 0 : false;
    },
    { what: `${peerUrl}/members to answer`, timeoutMs: deps.timeoutMs, intervalMs: RETRY_MS, clock: deps.clock }
  ).catch(() => false);
  return outcome;
}

// src/cluster/up.ts
var ClusterStartError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ClusterStartError";
  }
};
var HEALTH_POLL_MS = 50;
var LOG_TAIL_LINES = 15;
function lastLoggedError(log) {
  const lines = log.trimEnd().split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!/"level":"(error|dpanic|panic|fatal)"/.test(lines[i])) continue;
    try {
      const record = JSON.parse(lines[i]);
      return [record.msg, record.error].filter(Boolean).join(": ");
    } catch {
      return lines[i];
    }
  }
  return void 0;
}
async function describeMember(target, member, why) {
  const log = await target.logs(member);
  const lastError = lastLoggedError(log);
  const tail = log.trimEnd().split("\n").slice(-LOG_TAIL_LINES).join("\n");
  return `${member.name} (${member.clientUrl}) ${why}` + (lastError ? `; etcd's last error: ${lastError}` : "") + `; last lines of its log:
${tail || "(empty log)"}`;
}
async function waitForHealthyCluster(spec, target, client, deps) {
  const { clock } = deps;
  const members = deps.members ?? spec.members;
  const started = clock.now();
  const healthy = /* @__PURE__ */ new Set();
  const lastErrors = /* @__PURE__ */ new Map();
  try {
    const leader = await pollUntil(
      async () => {
        const exited = [];
        await Promise.all(
          members.filter((member) => !healthy.has(member.name)).map(async (member) => {
            try {
              await client.health(member.clientUrl, { timeoutMs: Math.max(1e3, spec.timing.electionMs * 2) });
              healthy.add(member.name);
            } catch (error) {
              lastErrors.set(member.name, errorMessage(error));
              if (!await target.isRunning(member)) exited.push(member);
            }
          })
        );
        if (exited.length > 0)
          throw new ClusterStartError(await describeMember(target, exited[0], "exited while the cluster was starting"));
        if (healthy.size < members.length) return void 0;
        return (await statusWithAgreedLeader(spec, client, 1e3))?.leader;
      },
      {
        what: "every member to be healthy and agree on a leader",
        timeoutMs: spec.timing.startupTimeoutMs,
        intervalMs: HEALTH_POLL_MS,
        clock,
        isFatal: (error) => error instanceof ClusterStartError
      }
    );
    return { leader, elapsedMs: clock.now() - started };
  } catch (error) {
    if (error instanceof ClusterStartError) throw error;
    if (!(error instanceof PollTimeoutError)) throw error;
    const unhealthy = members.filter((member) => !healthy.has(member.name));
    const details = await Promise.all(
      unhealthy.map(
        (member) => describeMember(target, member, `was not healthy (${lastErrors.get(member.name) ?? "no answer"})`)
      )
    );
    throw new ClusterStartError(
      `the cluster was not healthy within ${spec.timing.startupTimeoutMs} ms` + (details.length > 0 ? `:
${details.join("\n")}` : " (all members answered but did not agree on a leader)")
    );
  }
}
var PEER_LISTENER_WAIT_MS = 5e3;
function firstAsked(members) {
  const url = (member) => member.advertisedPeerUrl ?? member.peerUrl;
  return [...members].sort((a, b) => url(a) < url(b) ? -1 : url(a) > url(b) ? 1 : 0)[0];
}
async function startCluster(spec, target, client, deps) {
  await target.preflight();
  const started = deps.clock.now();
  const first = firstAsked(spec.members);
  await target.start(first);
  const serving = await waitForPeerApi(first.peerUrl, deps.peerTls, {
    clock: deps.clock,
    timeoutMs: Math.min(PEER_LISTENER_WAIT_MS, spec.timing.startupTimeoutMs),
    stillRunning: () => target.isRunning(first)
  });
  if (!await target.isRunning(first)) {
    throw new ClusterStartError(await describeMember(target, first, "exited while the cluster was starting"));
  }
  if (!serving)
    deps.logger.debug(
      `${first.name} did not serve its peer API within ${PEER_LISTENER_WAIT_MS} ms; starting the other members anyway`
    );
  await Promise.all(spec.members.filter((member) => member !== first).map((member) => target.start(member)));
  deps.logger.info(`started ${spec.members.length} members: ${spec.members.map((m) => m.clientUrl).join(", ")}`);
  const { leader } = await waitForHealthyCluster(spec, target, client, deps);
  return { leader, elapsedMs: deps.clock.now() - started };
}

// src/etcd/log.ts
var ELECTED = /(?:raft\.node: )?([0-9a-f]+) elected leader ([0-9a-f]+) at term (\d+)/;
function parseLogTime(ts) {
  if (typeof ts === "number") return ts * 1e3;
  if (typeof ts !== "string") return void 0;
  const parsed = Date.parse(ts.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(parsed) ? void 0 : parsed;
}
function electionsInLog(log) {
  const entries = [];
  for (const line of log.split("\n")) {
    if (!line.includes("elected leader")) continue;
    let record;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    const match = typeof record.msg === "string" ? ELECTED.exec(record.msg) : null;
    const timeMs = parseLogTime(record.ts);
    if (match && timeMs !== void 0) {
      entries.push({ timeMs, reporter: match[1], leader: match[2], term: Number(match[3]) });
    }
  }
  return entries;
}

// src/util/clock.ts
import { performance } from "node:perf_hooks";
var systemClock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};
function roundMs(ms) {
  return Math.round(ms * 10) / 10;
}

// src/targets/target.ts
var FaultUnsupportedError = class extends Error {
  constructor(fault, reason) {
    super(reason);
    this.fault = fault;
    this.reason = reason;
    this.name = "FaultUnsupportedError";
  }
  fault;
  reason;
};
function unsupportedFault(target, fault) {
  const support = target.faults[fault];
  return support.supported ? void 0 : support.reason;
}
function requireFault(target, fault) {
  const reason = unsupportedFault(target, fault);
  if (reason !== void 0) throw new FaultUnsupportedError(fault, reason);
}

// src/checks/check.ts
function defineCheck(check) {
  return check;
}
var CheckFailure = class extends Error {
  constructor(message, figures = {}, notes = []) {
    super(message);
    this.figures = figures;
    this.notes = notes;
    this.name = "CheckFailure";
  }
  figures;
  notes;
};
var NO_TARGET = "needs a target that can stop and start members; this cluster was given by its endpoints (start it with up, or give the state-dir of an up step)";
function whySkipped(check, target) {
  if (!check.stopsMembers) return void 0;
  if (!target) return NO_TARGET;
  for (const fault of check.needs) {
    const reason = unsupportedFault(target, fault);
    if (reason !== void 0) return `${reason} (this check needs to ${fault} members)`;
  }
  return void 0;
}
async function runCheck(check, ctx) {
  const started = ctx.clock.now();
  let outcome;
  try {
    const skipped = whySkipped(check, ctx.target);
    if (skipped !== void 0) outcome = { status: "skipped", summary: skipped, figures: {}, notes: [] };
    else if (!check.stopsMembers) outcome = await check.run(ctx);
    else outcome = await check.run({ ...ctx, target: ctx.target });
  } catch (error) {
    outcome = error instanceof FaultUnsupportedError ? {
      status: "skipped",
      summary: `${error.reason} (this check needs to ${error.fault} members)`,
      figures: {},
      notes: []
    } : {
      status: "fail",
      summary: errorMessage(error),
      figures: error instanceof CheckFailure ? error.figures : {},
      notes: error instanceof CheckFailure ? error.notes : []
    };
  }
  return { name: check.name, durationMs: ctx.clock.now() - started, ...outcome };
}

// src/checks/keys.ts
var BATCH = 10;
async function writeKeys(client, endpoint, prefix, count2, timeoutMs) {
  const acknowledged = /* @__PURE__ */ new Map();
  let firstError;
  for (let start = 0; start < count2; start += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, count2 - start) }, async (_, offset) => {
        const key = `${prefix}${String(start + offset).padStart(5, "0")}`;
        const value = `value-${start + offset}`;
        try {
          await client.put(endpoint, key, value, { timeoutMs });
          acknowledged.set(key, value);
        } catch (error) {
          firstError ??= errorMessage(error);
        }
      })
    );
  }
  return { acknowledged, firstError };
}
async function findLostKeys(client, endpoint, prefix, acknowledged, options) {
  const found = new Map(
    (await client.range(endpoint, prefix, { ...options, prefix: true })).map((kv) => [kv.key, kv.value])
  );
  return [...acknowledged].filter(([key, value]) => found.get(key) !== value).map(([key]) => key);
}

// src/checks/leaders.ts
function waitForNewLeader(client, members, notId, wait) {
  return pollUntil(
    async () => {
      const leader = agreedLeader(await collectStatus(client, members, wait.requestTimeoutMs));
      return leader !== void 0 && leader !== notId ? leader : void 0;
    },
    {
      what: `${members.map((member) => member.name).join(", ")} to agree on a leader other than ${notId}`,
      timeoutMs: wait.timeoutMs,
      intervalMs: wait.intervalMs,
      clock: wait.clock
    }
  );
}
function waitForAgreedLeader(spec, client, wait) {
  return pollUntil(async () => await statusWithAgreedLeader(spec, client, wait.requestTimeoutMs) ?? void 0, {
    what: "every member to answer and name one leader",
    timeoutMs: wait.timeoutMs,
    intervalMs: wait.intervalMs,
    clock: wait.clock
  });
}
function highestTerm(rows) {
  return Math.max(0, ...rows.map((row) => row.status?.raftTerm ?? 0));
}

// src/checks/failover.ts
var KEYS_BEFORE_KILL = 50;
var PROBE_INTERVAL_MS = 10;
var STATUS_TIMEOUT_MS = 250;
var WRITE_ATTEMPT_TIMEOUT_MS = 1e3;
var REQUEST_TIMEOUT_MS = 5e3;
var failoverBoundMs = (electionMs) => Math.max(5e3, 20 * electionMs);
async function firstAcknowledgedWrite(client, survivors, prefix, acknowledged, deps) {
  const { clock, since, boundMs } = deps;
  const attempts = [];
  const pending = new AbortController();
  setMaxListeners(0, pending.signal);
  let firstAckMs;
  for (let i = 0; i < boundMs / PROBE_INTERVAL_MS && firstAckMs === void 0 && clock.now() - since < boundMs; i++) {
    const key = `${prefix}${String(i).padStart(5, "0")}`;
    attempts.push(
      client.put(survivors[i % survivors.length].clientUrl, key, `gap-${i}`, {
        timeoutMs: WRITE_ATTEMPT_TIMEOUT_MS,
        requireLeader: true,
        signal: pending.signal
      }).then(
        () => {
          acknowledged.set(key, `gap-${i}`);
          firstAckMs ??= clock.now() - since;
        },
        () => void 0
      )
    );
    await clock.sleep(PROBE_INTERVAL_MS);
  }
  pending.abort();
  await Promise.allSettled(attempts);
  return firstAckMs;
}
var failoverCheck = defineCheck({
  name: "failover",
  proves: "after the leader is killed the survivors elect a new one and take writes again; the old leader rejoins as a follower; no acknowledged key is lost",
  byDefault: true,
  minMembers: { count: 2, why: "a single member cannot fail over" },
  stopsMembers: true,
  needs: [],
  async run(ctx) {
    const { spec, target, client, clock, logger } = ctx;
    const prefix = `${ctx.keyPrefix}failover/`;
    const figures = {};
    const notes = [];
    const fail = (message) => new CheckFailure(message, figures, notes);
    const boundMs = failoverBoundMs(spec.timing.electionMs);
    const before = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS);
    if (!before) throw fail("the members did not agree on one leader before the leader was killed");
    const oldLeader = before.leader;
    const oldLeaderId = before.leaderId;
    figures.termBefore = highestTerm(before.rows);
    const { acknowledged, firstError } = await writeKeys(
      client,
      oldLeader.clientUrl,
      `${prefix}before/`,
      KEYS_BEFORE_KILL,
      REQUEST_TIMEOUT_MS
    );
    if (firstError) throw fail(`a write before the failover was refused: ${firstError}`);
    const survivors = spec.members.filter((member) => member !== oldLeader);
    logger.info(`killing the leader ${oldLeader.name} (${oldLeaderId}) with SIGKILL`);
    const killedAt = clock.now();
    const killedAtWall = clock.wallNow();
    await target.kill(oldLeader);
    const newLeaderWait = waitForNewLeader(client, survivors, oldLeaderId, {
      clock,
      timeoutMs: boundMs,
      intervalMs: PROBE_INTERVAL_MS,
      requestTimeoutMs: STATUS_TIMEOUT_MS
    }).then((leader) => ({ leader, ms: clock.now() - killedAt }));
    const [newLeader, writeGapMs] = await Promise.all([
      newLeaderWait.catch((error) => error),
      firstAcknowledgedWrite(client, survivors, `${prefix}gap/`, acknowledged, { clock, since: killedAt, boundMs })
    ]);
    if (newLeader instanceof Error) throw fail(newLeader.message);
    figures.newLeaderMs = roundMs(newLeader.ms);
    if (writeGapMs === void 0) throw fail(`no write was acknowledged within ${boundMs} ms of killing the leader`);
    figures.writeGapMs = roundMs(writeGapMs);
    const newLeaderMember = leaderOf(before.rows, newLeader.leader);
    notes.push(
      `${newLeaderMember?.name ?? newLeader.leader} became leader ${figures.newLeaderMs} ms after the kill; writes resumed after ${figures.writeGapMs} ms`
    );
    const logs = await Promise.all(survivors.map((member) => target.logs(member)));
    const elections = logs.flatMap(electionsInLog).filter((entry) => entry.leader === newLeader.leader && entry.timeMs >= killedAtWall - 5);
    if (elections.length > 0) {
      figures.etcdElectedMs = roundMs(Math.min(...elections.map((entry) => entry.timeMs)) - killedAtWall);
      figures.termAfter = Math.max(...elections.map((entry) => entry.term));
    } else {
      notes.push(`no "elected leader" line was found in the survivors' logs after the kill`);
    }
    const restartedAt = clock.now();
    await target.start(oldLeader);
    const rejoined = await pollUntil(
      async () => {
        const status = await client.status(oldLeader.clientUrl, { timeoutMs: STATUS_TIMEOUT_MS });
        return status.leader === newLeader.leader ? status : void 0;
      },
      {
        what: `${oldLeader.name} to rejoin and follow the new leader`,
        timeoutMs: boundMs,
        intervalMs: PROBE_INTERVAL_MS,
        clock
      }
    ).catch((error) => {
      throw fail(error.message);
    });
    figures.rejoinMs = roundMs(clock.now() - restartedAt);
    if (rejoined.isLeader) throw fail(`${oldLeader.name} came back as leader, not as a follower`);
    const leaderEndpoint = newLeaderMember?.clientUrl ?? survivors[0].clientUrl;
    const leaderIndex = (await client.status(leaderEndpoint, { timeoutMs: REQUEST_TIMEOUT_MS })).raftIndex;
    await waitForApplied(client, oldLeader, leaderIndex, {
      clock,
      timeoutMs: boundMs,
      intervalMs: PROBE_INTERVAL_MS,
      requestTimeoutMs: STATUS_TIMEOUT_MS
    }).catch((error) => {
      throw fail(error.message);
    });
    figures.catchUpMs = roundMs(clock.now() - restartedAt);
    figures.keysAcknowledged = acknowledged.size;
    const lost = await findLostKeys(client, leaderEndpoint, prefix, acknowledged, { timeoutMs: REQUEST_TIMEOUT_MS });
    const lostOnRejoined = await findLostKeys(client, oldLeader.clientUrl, prefix, acknowledged, {
      timeoutMs: REQUEST_TIMEOUT_MS,
      serializable: true
    });
    figures.keysLost = lost.length;
    if (lost.length > 0)
      throw fail(
        `${lost.length} acknowledged keys are missing after the failover, e.g. ${lost.slice(0, 3).join(", ")}`
      );
    if (lostOnRejoined.length > 0) {
      throw fail(
        `${oldLeader.name} rejoined but lacks ${lostOnRejoined.length} acknowledged keys, e.g. ${lostOnRejoined.slice(0, 3).join(", ")}`
      );
    }
    await waitForHealthyCluster(spec, target, client, { clock });
    return {
      status: "pass",
      summary: `killed leader ${oldLeader.name}; ${newLeaderMember?.name ?? newLeader.leader} led after ${figures.newLeaderMs} ms, writes resumed after ${figures.writeGapMs} ms; ${oldLeader.name} rejoined as a follower in ${figures.rejoinMs} ms; all ${acknowledged.size} acknowledged keys intact`,
      figures,
      notes
    };
  }
});

// src/checks/history.ts
import { randomBytes as randomBytes4 } from "node:crypto";

// src/etcd/client.ts
import { createWriteStream } from "node:fs";
import { readFile, rm as rm2 } from "node:fs/promises";
import { pipeline } from "node:stream/promises";

// src/etcd/proto.ts
var WIRE_VARINT = 0;
var WIRE_64BIT = 1;
var WIRE_BYTES = 2;
var WIRE_32BIT = 5;
var ProtoWriter = class {
  parts = [];
  varint(value) {
    const bytes = [];
    let rest = BigInt.asUintN(64, value);
    while (rest >= 0x80n) {
      bytes.push(Number(rest & 0x7fn | 0x80n));
      rest >>= 7n;
    }
    bytes.push(Number(rest));
    this.parts.push(Buffer.from(bytes));
  }
  tag(field, wire) {
    this.varint(BigInt(field << 3 | wire));
  }
  bytes(field, value) {
    if (value === void 0) return this;
    const buffer = typeof value === "string" ? Buffer.from(value, "utf8") : value;
    if (buffer.length === 0) return this;
    this.tag(field, WIRE_BYTES);
    this.varint(BigInt(buffer.length));
    this.parts.push(buffer);
    return this;
  }
  uint64(field, value) {
    if (!value) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }
  bool(field, value) {
    if (!value) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(1n);
    return this;
  }
  finish() {
    return Buffer.concat(this.parts);
  }
};
function readFields(buffer) {
  const fields = /* @__PURE__ */ new Map();
  let offset = 0;
  const readVarint = () => {
    let result = 0n;
    let shift = 0n;
    for (; ; ) {
      if (offset >= buffer.length) throw new Error("truncated protobuf varint");
      const byte = buffer[offset++];
      result |= BigInt(byte & 127) << shift;
      if ((byte & 128) === 0) return result;
      shift += 7n;
    }
  };
  while (offset < buffer.length) {
    const tag = Number(readVarint());
    const field = tag >>> 3;
    const wire = tag & 7;
    let value;
    if (wire === WIRE_VARINT) value = readVarint();
    else if (wire === WIRE_BYTES) {
      const length = Number(readVarint());
      if (offset + length > buffer.length) throw new Error("truncated protobuf field");
      value = buffer.subarray(offset, offset + length);
      offset += length;
    } else if (wire === WIRE_64BIT) {
      value = buffer.readBigUInt64LE(offset);
      offset += 8;
    } else if (wire === WIRE_32BIT) {
      value = BigInt(buffer.readUInt32LE(offset));
      offset += 4;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}
var asBigInt = (values) => {
  const value = values?.[values.length - 1];
  return typeof value === "bigint" ? value : 0n;
};
var asNumber = (values) => Number(BigInt.asIntN(64, asBigInt(values)));
var asBuffer = (values) => {
  const value = values?.[values.length - 1];
  return Buffer.isBuffer(value) ? value : Buffer.alloc(0);
};
var asBuffers = (values) => (values ?? []).filter((value) => Buffer.isBuffer(value));
function decodeHeader(buffer) {
  const fields = readFields(buffer);
  return {
    clusterId: asBigInt(fields.get(1)),
    memberId: asBigInt(fields.get(2)),
    revision: asNumber(fields.get(3)),
    raftTerm: asNumber(fields.get(4))
  };
}
function encodeRangeRequest(request2) {
  return new ProtoWriter().bytes(1, request2.key).bytes(2, request2.rangeEnd).bool(7, request2.serializable).finish();
}
function decodeRangeResponse(buffer) {
  const fields = readFields(buffer);
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    kvs: asBuffers(fields.get(2)).map((kv) => {
      const kvFields = readFields(kv);
      return {
        key: asBuffer(kvFields.get(1)),
        value: asBuffer(kvFields.get(5)),
        modRevision: asNumber(kvFields.get(3))
      };
    })
  };
}
function encodePutRequest(request2) {
  return new ProtoWriter().bytes(1, request2.key).bytes(2, request2.value).finish();
}
function encodeDeleteRangeRequest(request2) {
  return new ProtoWriter().bytes(1, request2.key).bytes(2, request2.rangeEnd).finish();
}
function decodeWriteResponse(buffer) {
  const fields = readFields(buffer);
  return { header: decodeHeader(asBuffer(fields.get(1))), deleted: asNumber(fields.get(2)) };
}
function decodeStatusResponse(buffer) {
  const fields = readFields(buffer);
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    version: asBuffer(fields.get(2)).toString("utf8"),
    dbSize: asNumber(fields.get(3)),
    leader: asBigInt(fields.get(4)),
    raftIndex: asNumber(fields.get(5)),
    raftTerm: asNumber(fields.get(6)),
    raftAppliedIndex: asNumber(fields.get(7)),
    errors: asBuffers(fields.get(8)).map((error) => error.toString("utf8")),
    dbSizeInUse: asNumber(fields.get(9)),
    isLearner: asBigInt(fields.get(10)) !== 0n
  };
}
function decodeMember(buffer) {
  const fields = readFields(buffer);
  return {
    id: asBigInt(fields.get(1)),
    name: asBuffer(fields.get(2)).toString("utf8"),
    peerUrls: asBuffers(fields.get(3)).map((url) => url.toString("utf8")),
    clientUrls: asBuffers(fields.get(4)).map((url) => url.toString("utf8")),
    isLearner: asBigInt(fields.get(5)) !== 0n
  };
}
function encodeMemberAddRequest(request2) {
  const writer = new ProtoWriter();
  for (const url of request2.peerUrls) writer.bytes(1, url);
  return writer.bool(2, request2.isLearner).finish();
}
function decodeMemberAddResponse(buffer) {
  const fields = readFields(buffer);
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    member: decodeMember(asBuffer(fields.get(2))),
    members: asBuffers(fields.get(3)).map(decodeMember)
  };
}
function encodeMemberIdRequest(id) {
  return new ProtoWriter().uint64(1, id).finish();
}
function encodeMemberListRequest(request2) {
  return new ProtoWriter().bool(1, request2.linearizable).finish();
}
function decodeMembersResponse(buffer) {
  const fields = readFields(buffer);
  return { header: decodeHeader(asBuffer(fields.get(1))), members: asBuffers(fields.get(2)).map(decodeMember) };
}
function decodeSnapshotResponse(buffer) {
  const fields = readFields(buffer);
  return { remainingBytes: asNumber(fields.get(2)), blob: asBuffer(fields.get(3)) };
}

// src/etcd/snapshot.ts
import { createHash } from "node:crypto";

// src/cluster/user-config.ts
import { randomBytes as randomBytes3 } from "node:crypto";
import { isIP as isIP3 } from "node:net";
import path6 from "node:path";
var ETCD_DEFAULTS = {
  token: "etcd-cluster",
  heartbeatMs: 100,
  electionMs: 1e3,
  urls: {
    "listen-client-urls": "http://localhost:2379",
    "advertise-client-urls": "http://localhost:2379",
    "listen-peer-urls": "http://localhost:2380",
    "initial-advertise-peer-urls": "http://localhost:2380"
  }
};
var PEER_URLS = /* @__PURE__ */ new Set(["listen-peer-urls", "initial-advertise-peer-urls"]);
var PKI_FILES = {
  "cert-file": "serverCert",
  "key-file": "serverKey",
  "trusted-ca-file": "caCert",
  "peer-cert-file": "peerCert",
  "peer-key-file": "peerKey",
  "peer-trusted-ca-file": "caCert"
};
var DROPPED = /* @__PURE__ */ new Set(["client-crl-file", "peer-crl-file"]);
var LOG_OUTPUTS = /* @__PURE__ */ new Set(["log-outputs", "log-output"]);
var DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
var bracketed = (address) => isIP3(address) === 6 ? `[${address}]` : address;
function joinUrl(parts, host) {
  return `${parts.scheme}://${bracketed(host)}${parts.port === void 0 ? "" : `:${parts.port}`}`;
}
function rehostUrls(value, address, preferScheme) {
  const byListener = /* @__PURE__ */ new Map();
  for (const item of listItems(value)) {
    const parts = splitUrl(item);
    if (!parts) continue;
    const key = parts.port ?? "";
    const kept = byListener.get(key);
    if (!kept || kept.scheme !== parts.scheme && parts.scheme === preferScheme) byListener.set(key, parts);
  }
  return [...byListener.values()].map((parts) => joinUrl(parts, address)).join(",");
}
function rehostInitialCluster(value, addressOf) {
  const entries = listItems(value).map((entry) => {
    const [name, url] = entry.split(/=(.*)/s);
    const address = addressOf(name);
    const parts = url === void 0 ? void 0 : splitUrl(url);
    return address && parts ? `${name}=${joinUrl(parts, address)}` : entry;
  });
  return [...new Set(entries)].join(",");
}
function firstScheme(value) {
  return value === void 0 ? void 0 : splitUrl(listItems(value)[0] ?? "")?.scheme;
}
function configuredSettings(spec, member) {
  const written2 = new Map(member.configured.settings.map(({ name, value }) => [name, value]));
  const addressOf = (name) => spec.members.find((candidate) => candidate.name === name)?.address;
  const clientScheme = firstScheme(written2.get("advertise-client-urls"));
  const peerScheme = firstScheme(written2.get("initial-advertise-peer-urls"));
  const asWritten = member.configured.urlsAsWritten === true;
  const { bootstrap, advertisedPeerUrl } = member;
  const initialCluster = bootstrap?.initialCluster ?? (advertisedPeerUrl ? spec.initialCluster : void 0);
  const settings = /* @__PURE__ */ new Map();
  for (const { name, value } of member.configured.settings) {
    if (DROPPED.has(name)) continue;
    if (name === "name") settings.set(name, member.name);
    else if (name === "initial-cluster" && initialCluster !== void 0) settings.set(name, initialCluster);
    else if (name === "initial-advertise-peer-urls" && advertisedPeerUrl) settings.set(name, advertisedPeerUrl);
    else if (name === "initial-cluster-token" && bootstrap) settings.set(name, bootstrap.token);
    else if (name === "initial-cluster-state" && bootstrap) settings.set(name, bootstrap.state);
    else if (asWritten && (URL_LISTS.has(name) || name === "initial-cluster")) settings.set(name, value);
    else if (name === "data-dir") settings.set(name, member.dataDir);
    else if (name === "wal-dir") settings.set(name, configuredWalDir(member.dataDir));
    else if (URL_LISTS.has(name))
      settings.set(name, rehostUrls(value, member.address, PEER_URLS.has(name) ? peerScheme : clientScheme));
    else if (name === "initial-cluster") settings.set(name, rehostInitialCluster(value, addressOf));
    else if (PKI_FILES[name]) settings.set(name, member.pki[PKI_FILES[name]]);
    else if (LOG_OUTPUTS.has(name)) settings.set(name, "stderr");
    else if (name === "initial-cluster-state" && value === "existing") settings.set(name, "new");
    else settings.set(name, value);
  }
  const add = (name, value) => {
    if (value !== void 0 && !settings.has(name)) settings.set(name, value);
  };
  add("data-dir", member.dataDir);
  if (bootstrap) add("name", member.name);
  add("initial-cluster", initialCluster);
  add("initial-advertise-peer-urls", advertisedPeerUrl);
  add("initial-cluster-token", bootstrap?.token);
  add("initial-cluster-state", bootstrap?.state);
  if (!asWritten) {
    for (const [listen, advertise] of [
      ["listen-client-urls", "advertise-client-urls"],
      ["listen-peer-urls", "initial-advertise-peer-urls"]
    ]) {
      if (!written2.has(listen)) add(listen, rehostUrls(ETCD_DEFAULTS.urls[listen], member.address));
      if (!written2.has(listen) && !written2.has(advertise))
        add(advertise, rehostUrls(ETCD_DEFAULTS.urls[advertise], member.address));
    }
  }
  return [...settings];
}
function configuredWalDir(dataDir) {
  return path6.posix.join(dataDir, "wal");
}
function walDirOf(member, dataDir) {
  return member.configured?.settings.some((setting) => setting.name === "wal-dir") ? configuredWalDir(dataDir) : void 0;
}
function configuredSpareMember(spec, member) {
  const template = spec.members.find((candidate) => candidate.configured)?.configured;
  if (!template) return member;
  const from = spec.members.find((candidate) => candidate.configured === template);
  const { settings } = template;
  return {
    ...member,
    ...memberUrls(settings, (url) => rehostUrls(url, member.address)),
    configured: { file: template.file, form: template.form, settings, derivedFrom: from.name }
  };
}
function memberUrls(settings, rehost) {
  const first = (...names) => names.map((name) => listItems(settings.find((setting) => setting.name === name)?.value ?? "")[0]).find((url) => url !== void 0);
  return {
    clientUrl: rehost(
      first("advertise-client-urls", "listen-client-urls") ?? ETCD_DEFAULTS.urls["advertise-client-urls"]
    ),
    peerUrl: rehost(
      first("initial-advertise-peer-urls", "listen-peer-urls") ?? ETCD_DEFAULTS.urls["initial-advertise-peer-urls"]
    )
  };
}
function configMapping(spec, asRun = (member) => member, derived = []) {
  return [...spec.members, ...derived.map(({ member }) => member)].flatMap((member) => {
    if (!member.configured) return [];
    const configured = member.configured;
    const source = configured.derivedFrom ? spec.members.find((candidate) => candidate.name === configured.derivedFrom)?.configured : configured;
    const rendered = new Map(configuredSettings(spec, { ...asRun(member), configured }));
    const written2 = new Map((source ?? configured).settings.map(({ name, value }) => [name, value]));
    const rows = [];
    for (const [setting, config] of written2) {
      const run = rendered.get(setting) ?? null;
      if (run !== config) rows.push({ member: member.name, setting, config, run });
    }
    for (const [setting, run] of rendered)
      if (!written2.has(setting)) rows.push({ member: member.name, setting, config: null, run });
    return rows;
  });
}
function configFiles(spec, derived = []) {
  return [
    ...spec.members.flatMap(
      (member) => member.configured ? [{ member: member.name, file: member.configured.file, form: member.configured.form }] : []
    ),
    ...derived.flatMap(
      ({ member, check }) => member.configured?.derivedFrom ? [
        {
          member: member.name,
          file: member.configured.file,
          form: member.configured.form,
          derivedFrom: member.configured.derivedFrom,
          forCheck: check
        }
      ] : []
    )
  ];
}
var where = (at2) => `${at2.file}:${at2.line}:${at2.column}`;
var valueWhere = (setting) => where(setting.valueAt ?? setting.at);
function refuse(at2, message) {
  throw new ConfigurationError(`${at2}: ${message}`);
}
function hostsOf(member) {
  const hosts = /* @__PURE__ */ new Set();
  for (const setting of member.settings) {
    const urls = setting.name === "initial-cluster" ? listItems(setting.value).filter((entry) => entry.split("=")[0] === member.name).map((entry) => entry.split(/=(.*)/s)[1] ?? "") : urlsOf(setting);
    for (const url of urls) {
      const host = splitUrl(url)?.host;
      if (host && host !== "0.0.0.0" && host !== "::" && usableSan(host)) hosts.add(host);
    }
  }
  return [...hosts];
}
var usableSan = (name) => isIP3(name) !== 0 || DNS_NAME.test(name);
function certificateNames(member) {
  const kubeadm = [...member.certSans?.server ?? [], ...member.certSans?.peer ?? []].filter(usableSan);
  return [.../* @__PURE__ */ new Set([...hostsOf(member), ...kubeadm])];
}
function assertBootable(members) {
  const refusal = bootRefusals(members)[0];
  if (refusal) refuse(`${refusal.file}:${refusal.line}:${refusal.column}`, `${refusal.message} (${refusal.rule})`);
}
function millis(member, name, fallback) {
  const setting = settingOf(member, name);
  if (!setting) return fallback;
  if (!/^\d+$/.test(setting.value.trim()))
    refuse(valueWhere(setting), `${setting.key} is '${setting.value}'; etcd takes a whole number of milliseconds`);
  return Number(setting.value);
}
function lastValues(member) {
  const values = /* @__PURE__ */ new Map();
  for (const setting of member.settings) values.set(setting.name, setting.value);
  return [...values].map(([name, value]) => ({ name, value }));
}
function clusterSpecFromConfig(members, stateDir, sandbox, options) {
  assertBootable(members);
  if (sandbox.addresses.length < members.length)
    throw new Error(`${members.length} members need ${members.length} addresses, ${sandbox.addresses.length} given`);
  const root = path6.resolve(stateDir);
  const pki = pkiPaths(options.pkiRoot ? path6.resolve(options.pkiRoot) : path6.join(root, "pki"));
  const runId = options.runId ?? randomBytes3(4).toString("hex");
  const specs = members.map((config, index) => {
    const address = sandbox.addresses[index];
    const rehost = (url) => sandbox.urlsAsWritten ? url : rehostUrls(url, address);
    return {
      name: config.name,
      address,
      ...memberUrls(lastValues(config), rehost),
      dataDir: path6.join(root, "data", config.name),
      logFile: path6.join(root, "logs", `${config.name}.log`),
      pki: memberPkiPaths(pki, config.name),
      configured: {
        file: config.file,
        form: config.form,
        settings: lastValues(config),
        ...sandbox.urlsAsWritten ? { urlsAsWritten: true } : {}
      },
      extraSans: certificateNames(config)
    };
  });
  const firstMember = members[0];
  const timing = {
    heartbeatMs: millis(firstMember, "heartbeat-interval", ETCD_DEFAULTS.heartbeatMs),
    electionMs: millis(firstMember, "election-timeout", ETCD_DEFAULTS.electionMs),
    startupTimeoutMs: options.startupTimeoutMs
  };
  const port = (url, fallback) => Number(splitUrl(url)?.port || fallback);
  const spec = {
    runId,
    token: settingOf(firstMember, "initial-cluster-token")?.value ?? ETCD_DEFAULTS.token,
    stateDir: root,
    topology: {
      members: specs.length,
      baseAddress: options.topology.baseAddress,
      clientPort: port(specs[0].clientUrl, 2379),
      peerPort: port(specs[0].peerUrl, 2380),
      extraSans: options.topology.extraSans,
      certValidityDays: options.topology.certValidityDays,
      keyAlgorithm: options.topology.keyAlgorithm
    },
    timing,
    members: specs,
    initialCluster: "",
    pki
  };
  const initialCluster = settingOf(firstMember, "initial-cluster");
  spec.initialCluster = initialCluster ? rehostInitialCluster(
    initialCluster.value,
    (name) => sandbox.urlsAsWritten ? void 0 : specs.find((member) => member.name === name)?.address
  ) : `${specs[0].name}=${specs[0].peerUrl}`;
  return spec;
}

// src/etcd/snapshot.ts
var SNAPSHOT_HASH_BYTES = 32;
var SnapshotHash = class {
  hash = createHash("sha256");
  tail = Buffer.alloc(0);
  total = 0;
  /** Takes the next piece of the stream. */
  update(chunk) {
    this.total += chunk.length;
    const joined = Buffer.concat([this.tail, chunk]);
    const cut = Math.max(0, joined.length - SNAPSHOT_HASH_BYTES);
    this.hash.update(joined.subarray(0, cut));
    this.tail = Buffer.from(joined.subarray(cut));
  }
  /** Bytes taken so far, the appended hash included. */
  get bytes() {
    return this.total;
  }
  /** Throws unless the stream ended with the SHA-256 of what came before it. */
  verify() {
    if (this.tail.length < SNAPSHOT_HASH_BYTES)
      throw new Error(`the snapshot has ${this.total} bytes, too few to end with etcd's SHA-256`);
    const computed = this.hash.digest();
    if (!computed.equals(this.tail)) {
      throw new Error(
        `the snapshot's SHA-256 is ${computed.toString("hex")}, but etcd appended ${this.tail.toString("hex")}: it was damaged on the way`
      );
    }
  }
};
function restoreToolFor(etcdVersion) {
  const [major, minor] = etcdVersion.replace(/^v/, "").split(".").map(Number);
  return major > 3 || major === 3 && minor >= 5 ? "etcdutl" : "etcdctl";
}
function snapshotRestoreArgs(member, snapshotFile, dataDir) {
  if (!member.bootstrap) throw new Error(`${member.name} has no cluster to be restored into (no bootstrap)`);
  const walDir = walDirOf(member, dataDir);
  return [
    "snapshot",
    "restore",
    snapshotFile,
    `--name=${member.name}`,
    `--data-dir=${dataDir}`,
    `--initial-cluster=${member.bootstrap.initialCluster}`,
    `--initial-cluster-token=${member.bootstrap.token}`,
    `--initial-advertise-peer-urls=${member.advertisedPeerUrl ?? member.peerUrl}`,
    // A member from the user's configuration with a wal-dir of its own finds its WAL there.
    ...walDir === void 0 ? [] : [`--wal-dir=${walDir}`]
  ];
}

// src/etcd/client.ts
var clusterMember = (raw) => ({
  id: idToHex(raw.id),
  name: raw.name,
  peerUrls: raw.peerUrls,
  clientUrls: raw.clientUrls,
  isLearner: raw.isLearner
});
var idFromHex = (id) => BigInt(`0x${id}`);
var EtcdRequestError = class extends Error {
  constructor(endpoint, operation, message, grpcCode, timedOut = false) {
    super(`${operation} on ${endpoint}: ${message}`);
    this.endpoint = endpoint;
    this.operation = operation;
    this.grpcCode = grpcCode;
    this.timedOut = timedOut;
    this.name = "EtcdRequestError";
  }
  endpoint;
  operation;
  grpcCode;
  timedOut;
};
async function readClientTls(files) {
  const [ca, cert, key] = await Promise.all([
    readFile(files.ca, "utf8"),
    readFile(files.cert, "utf8"),
    readFile(files.key, "utf8")
  ]);
  return { ca, cert, key };
}
var idToHex = (id) => id.toString(16);
function prefixRangeEnd(prefix) {
  const bytes = Buffer.from(prefix, "utf8");
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] < 255) {
      const end = Buffer.from(bytes.subarray(0, i + 1));
      end[i] += 1;
      return end;
    }
  }
  return Buffer.from([0]);
}
var passThrough = (value) => value;
var CHANNEL_OPTIONS = {
  "grpc.initial_reconnect_backoff_ms": 20,
  "grpc.max_reconnect_backoff_ms": 100,
  "grpc.min_reconnect_backoff_ms": 20
};
var EtcdClient = class _EtcdClient {
  constructor(grpc, tls, serverNames) {
    this.grpc = grpc;
    this.serverNames = serverNames;
    this.credentials = grpc.credentials.createSsl(Buffer.from(tls.ca), Buffer.from(tls.key), Buffer.from(tls.cert));
  }
  grpc;
  serverNames;
  channels = /* @__PURE__ */ new Map();
  credentials;
  /**
   * A client presenting `tls`. gRPC is loaded here, not when the program starts, so commands that
   * talk to no cluster start without it.
   * @param serverNames the name to verify each endpoint's certificate against (a DNS SAN); endpoints
   *   not listed are verified against their host. TLS forbids IP addresses as server names.
   */
  static async create(tls, serverNames = /* @__PURE__ */ new Map()) {
    const grpc = await import("./src-Y4LJCPFX.js");
    return new _EtcdClient(grpc.default ?? grpc, tls, serverNames);
  }
  /**
   * Verifies `endpoint`'s certificate against `serverName` (a DNS SAN) from now on, as for the
   * endpoints named at creation: for members that join later (TLS takes no IP address as a server name).
   */
  verifyAs(endpoint, serverName) {
    if (this.serverNames.get(endpoint) === serverName) return;
    this.serverNames.set(endpoint, serverName);
    this.channels.get(endpoint)?.close();
    this.channels.delete(endpoint);
  }
  /** Closes every channel. */
  close() {
    for (const channel of this.channels.values()) channel.close();
    this.channels.clear();
  }
  channel(endpoint) {
    let channel = this.channels.get(endpoint);
    if (!channel) {
      const url = new URL(endpoint);
      const serverName = this.serverNames.get(endpoint);
      const options = serverName ? { ...CHANNEL_OPTIONS, "grpc.ssl_target_name_override": serverName } : CHANNEL_OPTIONS;
      const credentials = url.protocol === "http:" ? this.grpc.credentials.createInsecure() : this.credentials;
      channel = new this.grpc.Client(url.host, credentials, options);
      this.channels.set(endpoint, channel);
    }
    return channel;
  }
  /** The error etcd's answer `error` means, as thrown by every call (a timed-out call also drops its channel). */
  requestError(endpoint, channel, operation, error, timeoutMs) {
    const timedOut = error.code === this.grpc.status.DEADLINE_EXCEEDED;
    if (timedOut && this.channels.get(endpoint) === channel) {
      this.channels.delete(endpoint);
      channel.close();
    }
    const message = timedOut ? `no answer within ${timeoutMs} ms` : error.details || error.message;
    return new EtcdRequestError(endpoint, operation, message, error.code, timedOut);
  }
  /** Sends one unary call (`/etcdserverpb.KV/Range` and so on) and returns the raw answer. */
  call(endpoint, method, request2, options) {
    const operation = method.split("/").pop() ?? method;
    const metadata = new this.grpc.Metadata();
    if (options.requireLeader) metadata.set("hasleader", "true");
    const channel = this.channel(endpoint);
    return new Promise((resolve, reject) => {
      const cancel = () => call.cancel();
      const call = channel.makeUnaryRequest(
        method,
        passThrough,
        passThrough,
        request2,
        metadata,
        { deadline: Date.now() + options.timeoutMs },
        (error, response) => {
          options.signal?.removeEventListener("abort", cancel);
          if (error) reject(this.requestError(endpoint, channel, operation, error, options.timeoutMs));
          else resolve(response);
        }
      );
      if (options.signal?.aborted) call.cancel();
      else options.signal?.addEventListener("abort", cancel, { once: true });
    });
  }
  /** `etcdctl endpoint status` for one endpoint. */
  async status(endpoint, options) {
    const answer = decodeStatusResponse(
      await this.call(endpoint, "/etcdserverpb.Maintenance/Status", Buffer.alloc(0), options)
    );
    const id = idToHex(answer.header.memberId);
    const leader = answer.leader === 0n ? void 0 : idToHex(answer.leader);
    return {
      endpoint,
      id,
      version: answer.version,
      dbSize: answer.dbSize,
      dbSizeInUse: answer.dbSizeInUse,
      leader,
      isLeader: leader === id,
      isLearner: answer.isLearner,
      raftTerm: answer.raftTerm,
      raftIndex: answer.raftIndex,
      raftAppliedIndex: answer.raftAppliedIndex,
      errors: answer.errors
    };
  }
  /** Writes a key; resolves with the revision of the write once etcd acknowledged it. */
  async put(endpoint, key, value, options) {
    const request2 = encodePutRequest({ key: Buffer.from(key), value: Buffer.from(value) });
    return decodeWriteResponse(await this.call(endpoint, "/etcdserverpb.KV/Put", request2, options)).header.revision;
  }
  /** Reads one key, or every key under a prefix; linearizable unless `serializable`. */
  async range(endpoint, key, options) {
    const request2 = encodeRangeRequest({
      key: Buffer.from(key),
      rangeEnd: options.prefix ? prefixRangeEnd(key) : void 0,
      serializable: options.serializable
    });
    const answer = decodeRangeResponse(await this.call(endpoint, "/etcdserverpb.KV/Range", request2, options));
    return answer.kvs.map((kv) => ({
      key: kv.key.toString("utf8"),
      value: kv.value.toString("utf8"),
      modRevision: kv.modRevision
    }));
  }
  /** Deletes every key under a prefix; resolves with how many were deleted. */
  async deletePrefix(endpoint, prefix, options) {
    const request2 = encodeDeleteRangeRequest({ key: Buffer.from(prefix), rangeEnd: prefixRangeEnd(prefix) });
    return decodeWriteResponse(await this.call(endpoint, "/etcdserverpb.KV/DeleteRange", request2, options)).deleted;
  }
  /**
   * `etcdctl endpoint health`: a linearizable read of the key "health" answers (etcdctl counts a
   * permission error as healthy too, since it proves the member served the request). A member with no
   * leader is refused at once rather than after etcd's request timeout.
   */
  async health(endpoint, options) {
    try {
      await this.range(endpoint, "health", { ...options, requireLeader: true });
    } catch (error) {
      if (error instanceof EtcdRequestError && /permission denied/i.test(error.message)) return;
      throw error;
    }
  }
  /** The store's revision as the member answers a linearizable read (the revision of the newest write). */
  async revision(endpoint, options) {
    const request2 = encodeRangeRequest({ key: Buffer.from("health") });
    return decodeRangeResponse(await this.call(endpoint, "/etcdserverpb.KV/Range", request2, options)).header.revision;
  }
  /** `etcdctl member list`: every member, learners too (linearizable where etcd offers it, 3.5 and later). */
  async memberList(endpoint, options) {
    const answer = await this.call(
      endpoint,
      "/etcdserverpb.Cluster/MemberList",
      encodeMemberListRequest({ linearizable: true }),
      options
    );
    return decodeMembersResponse(answer).members.map(clusterMember);
  }
  /** `etcdctl member add [--learner]`: resolves with the new member (no name yet) and every member after the add. */
  async memberAdd(endpoint, peerUrls, options) {
    const answer = decodeMemberAddResponse(
      await this.call(
        endpoint,
        "/etcdserverpb.Cluster/MemberAdd",
        encodeMemberAddRequest({ peerUrls, isLearner: options.isLearner }),
        options
      )
    );
    return { member: clusterMember(answer.member), members: answer.members.map(clusterMember) };
  }
  /** `etcdctl member promote`: makes a learner a voting member; etcd refuses one that has not caught up with the leader. */
  async memberPromote(endpoint, id, options) {
    const answer = await this.call(
      endpoint,
      "/etcdserverpb.Cluster/MemberPromote",
      encodeMemberIdRequest(idFromHex(id)),
      options
    );
    return decodeMembersResponse(answer).members.map(clusterMember);
  }
  /** `etcdctl member remove`: resolves with every member after the removal. */
  async memberRemove(endpoint, id, options) {
    const answer = await this.call(
      endpoint,
      "/etcdserverpb.Cluster/MemberRemove",
      encodeMemberIdRequest(idFromHex(id)),
      options
    );
    return decodeMembersResponse(answer).members.map(clusterMember);
  }
  /** `etcdctl move-leader`: the leader (`endpoint` must be it) hands its leadership to the member `targetId`. */
  async moveLeader(endpoint, targetId, options) {
    await this.call(
      endpoint,
      "/etcdserverpb.Maintenance/MoveLeader",
      encodeMemberIdRequest(idFromHex(targetId)),
      options
    );
  }
  /**
   * `etcdctl snapshot save`: streams the member's backend into `file` (0600) as etcd sends it, the
   * SHA-256 etcd appends included, and verifies that hash; a damaged or cut stream leaves no file.
   */
  async snapshot(endpoint, file, options) {
    const channel = this.channel(endpoint);
    const call = channel.makeServerStreamRequest(
      "/etcdserverpb.Maintenance/Snapshot",
      passThrough,
      passThrough,
      Buffer.alloc(0),
      new this.grpc.Metadata(),
      {
        deadline: Date.now() + options.timeoutMs
      }
    );
    const cancel = () => call.cancel();
    if (options.signal?.aborted) call.cancel();
    else options.signal?.addEventListener("abort", cancel, { once: true });
    const hash = new SnapshotHash();
    try {
      await pipeline(
        call,
        async function* (messages) {
          for await (const message of messages) {
            const { blob } = decodeSnapshotResponse(message);
            hash.update(blob);
            yield blob;
          }
        },
        createWriteStream(file, { mode: 384 })
      );
      hash.verify();
      return { bytes: hash.bytes };
    } catch (error) {
      await rm2(file, { force: true });
      const grpcError = error;
      if (typeof grpcError.code === "number" && "details" in grpcError)
        throw this.requestError(endpoint, channel, "Snapshot", error, options.timeoutMs);
      throw error;
    } finally {
      options.signal?.removeEventListener("abort", cancel);
    }
  }
};

// src/history/format.ts
var ORDER_TAIL = 5;
var STUCK_SHOWN = 20;
var count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
function describeOperation(operation) {
  const what = operation.f === "put" ? `put ${JSON.stringify(operation.key)} ${JSON.stringify(operation.value)}` : `get ${JSON.stringify(operation.key)} -> ${JSON.stringify(operation.value)}`;
  const returned = operation.returnTime === Infinity ? "outcome unknown" : `returned ${operation.returnTime}`;
  const lines = operation.completeLine === void 0 ? `line ${operation.invokeLine}` : `lines ${operation.invokeLine}, ${operation.completeLine}`;
  return `process ${operation.process}  ${what}  invoked ${operation.invokeTime}, ${returned}  (${lines})`;
}
function renderHistoryText(result) {
  const { summary } = result;
  const operations = count(summary.operations, "operation");
  const counts = `${operations} (${summary.ok} ok, ${summary.failed} failed, ${summary.unknown} unknown outcome) on ${count(summary.keys, "key")} by ${count(summary.processes, "process", "processes")}`;
  const lines = [
    `${result.verdict.replace("-", " ")}: ${counts}; ${summary.checked} to order, ${count(summary.steps, "search step")}`
  ];
  if (!result.ok) {
    for (const failure of result.failures) lines.push("", ...failureText(failure));
    if (result.verdict === "undecided") lines.push("", "an undecided history is not a pass");
  }
  return `${lines.join("\n")}
`;
}
function failureText(failure) {
  const key = JSON.stringify(failure.key);
  const read = failure.operations[0]?.value;
  switch (failure.cause) {
    case "never-written":
      return [
        `key ${key}: not linearizable: a get read ${JSON.stringify(read)}, which no put on this key wrote (failed puts do not count)`,
        `  ${describeOperation(failure.operations[0])}`
      ];
    case "written-later":
      return [
        `key ${key}: not linearizable: a get read ${JSON.stringify(read)}, which only puts invoked after it completed wrote`,
        `  ${describeOperation(failure.operations[0])}`
      ];
    case "no-order":
    case "budget":
    case "memory": {
      const undecided = `without finding an order of its ${failure.checked} operations or proving there is none`;
      const head = failure.cause === "no-order" ? `key ${key}: not linearizable: no order of its ${failure.checked} operations explains every result` : failure.cause === "budget" ? `key ${key}: undecided: the search stopped after ${count(failure.steps, "step")} ${undecided}` : `key ${key}: undecided: the search stopped at its memory budget, after ${count(failure.steps, "step")}, ${undecided}`;
      const order = failure.linearized;
      const tail = order.slice(-ORDER_TAIL);
      const lines = [head];
      lines.push(
        order.length === 0 ? "  the search could order none of them;" : `  the furthest the search got: ${order.length} operations in an order that explains their results, the last ${tail.length}:`
      );
      for (const operation of tail) lines.push(`    ${describeOperation(operation)}`);
      const next = failure.cause === "no-order" ? "one of these has to come next, and none can" : "one of these has to come next";
      const held = `  then the register holds ${JSON.stringify(failure.state)}`;
      lines.push(failure.operations.length === 0 ? held : `${held}; ${next}:`);
      for (const operation of failure.operations.slice(0, STUCK_SHOWN))
        lines.push(`    ${describeOperation(operation)}`);
      if (failure.operations.length > STUCK_SHOWN)
        lines.push(`    ... and ${failure.operations.length - STUCK_SHOWN} more`);
      return lines;
    }
  }
}
function operationJson(operation) {
  return {
    process: operation.process,
    f: operation.f,
    key: operation.key,
    value: operation.value,
    outcome: operation.outcome,
    invokeTime: operation.invokeTime,
    returnTime: operation.returnTime === Infinity ? null : operation.returnTime,
    invokeLine: operation.invokeLine,
    completeLine: operation.completeLine ?? null
  };
}
function historyJson(result) {
  return {
    schemaVersion: 1,
    verdict: result.verdict,
    summary: { ...result.summary },
    failures: result.ok ? [] : result.failures.map((failure) => ({
      key: failure.key,
      verdict: failure.verdict,
      cause: failure.cause,
      operations: failure.operations.map(operationJson),
      linearized: failure.linearized.length,
      lastLinearized: failure.linearized.slice(-ORDER_TAIL).map(operationJson),
      state: failure.state,
      checked: failure.checked,
      steps: failure.steps
    }))
  };
}
function renderHistoryJson(result) {
  return `${JSON.stringify(historyJson(result), null, 2)}
`;
}

// src/checks/history.ts
var HISTORY_CLIENTS = 5;
var HISTORY_KEYS = 5;
var POLL_MS = 10;
var STATUS_TIMEOUT_MS2 = 250;
var REQUEST_TIMEOUT_MS2 = 5e3;
var MAX_OPERATIONS_PER_CLIENT = 2e4;
var FINAL_READ_ATTEMPTS = 3;
var REFUSED_BEFORE_PROPOSAL = [
  /: etcdserver: no leader$/,
  /: raft proposal dropped$/,
  /: etcdserver: too many requests$/
];
function outcomeOfError(error) {
  if (!(error instanceof EtcdRequestError) || error.timedOut || error.grpcCode === void 0) return "info";
  return REFUSED_BEFORE_PROPOSAL.some((pattern) => pattern.test(error.message)) ? "fail" : "info";
}
var HistoryRecorder = class {
  constructor(clock) {
    this.clock = clock;
    this.start = clock.now();
  }
  clock;
  events = [];
  start;
  record(event) {
    const time = Math.round((this.clock.now() - this.start) * 1e3) / 1e3;
    this.events.push({ ...event, time, line: this.events.length + 1 });
  }
  /** The events as JSON lines, as `etcd-ha history check` reads them. */
  toJsonLines() {
    return this.events.map(({ line: _line, ...event }) => JSON.stringify(event)).join("\n") + "\n";
  }
};
async function recordOperation(client, recorder, operation) {
  const { process: process2, endpoint, f, key, value, timeoutMs } = operation;
  const options = { timeoutMs, requireLeader: true };
  recorder.record(
    f === "put" ? { process: process2, type: "invoke", f, key, value } : { process: process2, type: "invoke", f, key, value: null }
  );
  try {
    if (f === "put") {
      await client.put(endpoint, key, value ?? "", options);
      recorder.record({ process: process2, type: "ok", f, key, value });
    } else {
      const [found] = await client.range(endpoint, key, options);
      recorder.record({ process: process2, type: "ok", f, key, value: found?.value ?? null });
    }
    return "ok";
  } catch (error) {
    const type = outcomeOfError(error);
    recorder.record(f === "put" ? { process: process2, type, f, key, value } : { process: process2, type, f, key });
    return type;
  }
}
async function runClient(ctx, recorder, process2, keys, stopped, timeoutMs) {
  const members = ctx.spec.members;
  let at2 = process2 % members.length;
  for (let sequence = 0; sequence < MAX_OPERATIONS_PER_CLIENT && !stopped(); sequence++) {
    const key = keys[Math.floor(Math.random() * keys.length)];
    const f = Math.random() < 0.5 ? "put" : "get";
    const outcome = await recordOperation(ctx.client, recorder, {
      process: process2,
      endpoint: members[at2].clientUrl,
      f,
      key,
      value: `c${process2}-${sequence}`,
      timeoutMs
    });
    if (outcome !== "ok") at2 = (at2 + 1) % members.length;
  }
}
var FAULTS = [
  {
    name: "killed and restarted",
    inject: (ctx, leader) => ctx.target.kill(leader),
    undo: (ctx, leader) => ctx.target.start(leader)
  },
  {
    name: "cut off from its peers and healed",
    needs: "isolate",
    inject: (ctx, leader) => ctx.target.isolate(
      [leader],
      ctx.spec.members.filter((member) => member !== leader)
    ),
    undo: (ctx) => ctx.target.heal()
  },
  {
    name: "paused and resumed",
    needs: "pause",
    inject: (ctx, leader) => ctx.target.pause(leader),
    undo: (ctx, leader) => ctx.target.resume(leader)
  }
];
async function injectFaults(ctx, wait, holdMs, done) {
  const { spec, client, clock, logger, target } = ctx;
  for (const fault of FAULTS) {
    const reason = fault.needs ? unsupportedFault(target, fault.needs) : void 0;
    if (reason !== void 0) {
      done.skipped.push(`the leader was not ${fault.name}: ${reason}`);
      continue;
    }
    const before = await waitForAgreedLeader(spec, client, wait);
    logger.info(`history: the leader ${before.leader.name} is ${fault.name}`);
    await fault.inject(ctx, before.leader);
    done.injected.push(`leader ${before.leader.name} ${fault.name}`);
    await waitForNewLeader(
      client,
      spec.members.filter((member) => member !== before.leader),
      before.leaderId,
      wait
    );
    await clock.sleep(holdMs);
    await fault.undo(ctx, before.leader);
    await waitForAgreedLeader(spec, client, wait);
    await clock.sleep(holdMs);
  }
}
async function makeWhole(ctx) {
  const { target, spec } = ctx;
  if (target.faults.isolate.supported) await target.heal();
  for (const member of spec.members) {
    if (target.faults.pause.supported) await target.resume(member);
    if (!await target.isRunning(member)) await target.start(member);
  }
  await waitForHealthyCluster(spec, target, ctx.client, { clock: ctx.clock });
}
function historyFiles(runId, recorder, verdict) {
  return [
    { name: `etcd-ha-history-${runId}.jsonl`, content: recorder.toJsonLines() },
    { name: `etcd-ha-history-${runId}.txt`, content: verdict }
  ];
}
var historyCheck = defineCheck({
  name: "history",
  proves: "concurrent puts and gets while the leader is killed and restarted (and cut off, and paused, where the target can) form a linearizable history: no acknowledged write is lost, no read is stale",
  byDefault: false,
  minMembers: { count: 3, why: "the faults need a majority that survives the leader" },
  stopsMembers: true,
  needs: [],
  uses: FAULTS.flatMap((fault) => fault.needs ? [fault.needs] : []),
  async run(ctx) {
    const { spec, client, clock, logger } = ctx;
    const figures = { clients: HISTORY_CLIENTS, keys: HISTORY_KEYS };
    const notes = [];
    const wait = {
      clock,
      timeoutMs: failoverBoundMs(spec.timing.electionMs),
      intervalMs: POLL_MS,
      requestTimeoutMs: STATUS_TIMEOUT_MS2
    };
    const holdMs = 2 * spec.timing.electionMs;
    const operationTimeoutMs = Math.max(1e3, 2 * spec.timing.electionMs);
    const keysPrefix = `${ctx.keyPrefix}history/${randomBytes4(4).toString("hex")}/`;
    const keys = Array.from({ length: HISTORY_KEYS }, (_, index) => `${keysPrefix}k${index}`);
    const recorder = new HistoryRecorder(clock);
    const faults = { injected: [], skipped: [] };
    let faultError;
    const loadStarted = clock.now();
    let stopped = false;
    const clients = Array.from(
      { length: HISTORY_CLIENTS },
      (_, process2) => runClient(ctx, recorder, process2, keys, () => stopped, operationTimeoutMs)
    );
    try {
      await clock.sleep(holdMs);
      await injectFaults(ctx, wait, holdMs, faults);
    } catch (error) {
      faultError = errorMessage(error);
    } finally {
      stopped = true;
      await Promise.all(clients);
    }
    figures.loadMs = roundMs(clock.now() - loadStarted);
    figures.faults = faults.injected.length;
    notes.push(`faults: ${faults.injected.join("; ") || "none"}`, ...faults.skipped);
    let whole = true;
    try {
      await makeWhole(ctx);
    } catch (error) {
      whole = false;
      faultError ??= `the cluster was not whole again after the faults: ${errorMessage(error)}`;
    }
    const leader = whole ? await waitForAgreedLeader(spec, client, wait).catch(() => void 0) : void 0;
    const unread = [];
    for (const [index, key] of keys.entries()) {
      let outcome = "skipped";
      for (let attempt = 0; leader && attempt < FINAL_READ_ATTEMPTS && outcome !== "ok"; attempt++) {
        outcome = await recordOperation(client, recorder, {
          process: HISTORY_CLIENTS + index,
          endpoint: leader.leader.clientUrl,
          f: "get",
          key,
          timeoutMs: REQUEST_TIMEOUT_MS2
        });
      }
      if (outcome !== "ok") unread.push(key);
    }
    const checkStarted = clock.now();
    const result = checkHistory(recorder.events);
    figures.checkMs = roundMs(clock.now() - checkStarted);
    figures.operations = result.summary.operations;
    figures.operationsOk = result.summary.ok;
    figures.operationsFailed = result.summary.failed;
    figures.operationsUnknown = result.summary.unknown;
    figures.linearizable = result.ok;
    const counted = `${result.summary.operations} operations by ${HISTORY_CLIENTS} clients on ${HISTORY_KEYS} keys (${result.summary.ok} ok, ${result.summary.failed} refused, ${result.summary.unknown} unknown outcome)`;
    const faultsSaid = `${faults.injected.length} faults`;
    const faultList = faults.injected.map((fault) => fault.replace(/^leader \S+ /, "")).join("; ");
    let failure;
    if (!result.ok) {
      const first = result.operations[0];
      failure = `the history is ${result.verdict.replace("-", " ")}: ${counted} under ${faultsSaid}; key ${result.key}` + (first ? `, e.g. ${describeOperation(first)}` : "");
    } else if (faultError !== void 0) {
      failure = `a fault did not play out: ${faultError}`;
    } else if (unread.length > 0) {
      failure = `the final read of ${unread.join(", ")} did not answer, so its last acknowledged write is unverified`;
    }
    if (failure === void 0) {
      return {
        status: "pass",
        summary: `${counted} under ${faultsSaid} of the leader (${faultList}): linearizable; every key read back its last acknowledged write`,
        figures,
        notes
      };
    }
    const files = historyFiles(spec.runId, recorder, renderHistoryText(result));
    notes.push(
      `the history and the checker's verdict are saved beside the report as ${files.map((file) => file.name).join(" and ")}; \`etcd-ha history check ${files[0].name}\` checks it again`
    );
    logger.warning(`history: ${failure}`);
    return { status: "fail", summary: failure, figures, notes, files };
  }
});

// src/checks/spare-members.ts
import { constants as constants2 } from "node:fs";
import { access, rm as rm3 } from "node:fs/promises";
import path8 from "node:path";

// src/pki/cluster-pki.ts
import { chmod, mkdir as mkdir2, readFile as readFile2 } from "node:fs/promises";
import path7 from "node:path";
import { isIP as isIP4 } from "node:net";

// src/pki/generate.ts
import {
  createHash as createHash2,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  randomBytes as randomBytes5,
  sign,
  X509Certificate
} from "node:crypto";
import { promisify } from "node:util";
var asn1Modules;
var unwrap = (loaded, name) => name in loaded ? loaded : loaded.default;
var loadAsn1 = () => asn1Modules ??= Promise.all([import("./cjs-DAI4WIXT.js"), import("./cjs-BXPXNW55.js")]).then(
  ([x509, schema]) => ({ x509: unwrap(x509, "Certificate"), schema: unwrap(schema, "AsnConvert") })
);
var generate = promisify(generateKeyPair);
function preloadX509() {
  loadAsn1().catch(() => void 0);
}
var DAY_MS = 24 * 60 * 60 * 1e3;
function randomSerial() {
  const bytes = randomBytes5(16);
  bytes[0] &= 127;
  bytes[0] |= 1;
  return bytes.toString("hex");
}
async function newKey(algorithm) {
  const parameters = KEY_PARAMETERS[algorithm];
  const { publicKey, privateKey } = parameters.type === "ec" ? await generate("ec", { namedCurve: parameters.namedCurve }) : await generate("rsa", { modulusLength: parameters.modulusLength });
  return {
    algorithm,
    keyPem: privateKey.export({ type: parameters.type === "ec" ? "sec1" : "pkcs1", format: "pem" }),
    privateKey,
    spki: publicKey.export({ type: "spki", format: "der" })
  };
}
function signatureAlgorithm(asn1, algorithm) {
  const parameters = KEY_PARAMETERS[algorithm];
  if (parameters.type === "rsa")
    return new asn1.x509.AlgorithmIdentifier({ algorithm: "1.2.840.113549.1.1.11", parameters: null });
  return new asn1.x509.AlgorithmIdentifier({
    algorithm: parameters.hash === "SHA-384" ? "1.2.840.10045.4.3.3" : "1.2.840.10045.4.3.2"
  });
}
function nodeHash(algorithm) {
  return KEY_PARAMETERS[algorithm].hash === "SHA-384" ? "sha384" : "sha256";
}
function keyUsages(asn1, algorithm, isCa) {
  const { KeyUsageFlags } = asn1.x509;
  let usages = KeyUsageFlags.digitalSignature;
  if (KEY_PARAMETERS[algorithm].type === "rsa") usages |= KeyUsageFlags.keyEncipherment;
  if (isCa) usages |= KeyUsageFlags.keyCertSign;
  return usages;
}
function validity(now, days) {
  return { notBefore: new Date(now.getTime() - 6e4), notAfter: new Date(now.getTime() + days * DAY_MS) };
}
function distinguishedName(asn1, names) {
  const { Name, RelativeDistinguishedName, AttributeTypeAndValue, AttributeValue } = asn1.x509;
  const attribute = (type, value) => new RelativeDistinguishedName([
    new AttributeTypeAndValue({
      type,
      value: new AttributeValue(
        /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value) ? { printableString: value } : { utf8String: value }
      )
    })
  ]);
  return new Name([
    ...names.organization ? [attribute("2.5.4.10", names.organization)] : [],
    attribute("2.5.4.3", names.commonName)
  ]);
}
function extension(asn1, extnID, critical, value) {
  return new asn1.x509.Extension({
    extnID,
    critical,
    extnValue: new asn1.schema.OctetString(asn1.schema.AsnConvert.serialize(value))
  });
}
function keyIdentifierOf(asn1, spki) {
  const info = asn1.schema.AsnConvert.parse(spki, asn1.x509.SubjectPublicKeyInfo);
  return createHash2("sha1").update(Buffer.from(info.subjectPublicKey)).digest("hex");
}
function certificatePem(der) {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return ["-----BEGIN CERTIFICATE-----", ...lines, "-----END CERTIFICATE-----"].join("\n");
}
function signCertificate(asn1, fields, signer) {
  const { x509, schema } = asn1;
  const signatureAlgorithmId = signatureAlgorithm(asn1, signer.algorithm);
  const tbsCertificate = new x509.TBSCertificate({
    version: x509.Version.v3,
    serialNumber: new Uint8Array(Buffer.from(randomSerial(), "hex")).buffer,
    signature: signatureAlgorithmId,
    issuer: fields.issuer,
    validity: new x509.Validity(fields.validity),
    subject: fields.subject,
    subjectPublicKeyInfo: schema.AsnConvert.parse(fields.spki, x509.SubjectPublicKeyInfo),
    extensions: new x509.Extensions(fields.extensions)
  });
  const tbs = Buffer.from(schema.AsnConvert.serialize(tbsCertificate));
  const signature = sign(nodeHash(signer.algorithm), tbs, signer.privateKey);
  const certificate = new x509.Certificate({
    tbsCertificate,
    signatureAlgorithm: signatureAlgorithmId,
    signatureValue: new Uint8Array(signature).buffer
  });
  return certificatePem(Buffer.from(schema.AsnConvert.serialize(certificate)));
}
async function createCertificateAuthority(key, options) {
  const asn1 = await loadAsn1();
  const { x509 } = asn1;
  const subject = distinguishedName(asn1, { commonName: "etcd-ca" });
  const keyId = keyIdentifierOf(asn1, key.spki);
  const certPem = signCertificate(
    asn1,
    {
      subject,
      issuer: subject,
      validity: validity(options.now, options.validityDays),
      spki: key.spki,
      extensions: [
        extension(asn1, x509.id_ce_basicConstraints, true, new x509.BasicConstraints({ cA: true })),
        extension(asn1, x509.id_ce_keyUsage, true, new x509.KeyUsage(keyUsages(asn1, key.algorithm, true))),
        extension(
          asn1,
          x509.id_ce_subjectKeyIdentifier,
          false,
          new x509.SubjectKeyIdentifier(new Uint8Array(Buffer.from(keyId, "hex")))
        )
      ]
    },
    key
  );
  return { subject, algorithm: key.algorithm, privateKey: key.privateKey, keyId, certPem, keyPem: key.keyPem };
}
async function issueCertificate(ca, key, request2, options) {
  const asn1 = await loadAsn1();
  const { x509 } = asn1;
  const purposes = { serverAuth: x509.id_kp_serverAuth, clientAuth: x509.id_kp_clientAuth };
  const extensions = [
    extension(asn1, x509.id_ce_basicConstraints, true, new x509.BasicConstraints({ cA: false })),
    extension(asn1, x509.id_ce_keyUsage, true, new x509.KeyUsage(keyUsages(asn1, key.algorithm, false))),
    extension(
      asn1,
      x509.id_ce_extKeyUsage,
      false,
      new x509.ExtendedKeyUsage(request2.usages.map((usage) => purposes[usage]))
    ),
    extension(
      asn1,
      x509.id_ce_authorityKeyIdentifier,
      false,
      new x509.AuthorityKeyIdentifier({
        keyIdentifier: new x509.KeyIdentifier(new Uint8Array(Buffer.from(ca.keyId, "hex")))
      })
    )
  ];
  if (request2.altNames) {
    extensions.push(
      extension(
        asn1,
        x509.id_ce_subjectAltName,
        false,
        new x509.SubjectAlternativeName([
          ...request2.altNames.dns.map((dNSName) => new x509.GeneralName({ dNSName })),
          ...request2.altNames.ips.map((iPAddress) => new x509.GeneralName({ iPAddress }))
        ])
      )
    );
  }
  const certPem = signCertificate(
    asn1,
    {
      subject: distinguishedName(asn1, request2),
      issuer: ca.subject,
      validity: validity(options.now, options.validityDays),
      spki: key.spki,
      extensions
    },
    ca
  );
  return { certPem, keyPem: key.keyPem };
}
async function loadCertificateAuthority(certPem, keyPem) {
  const privateKey = createPrivateKey(keyPem);
  const named = keyAlgorithmOf(privateKey);
  const algorithm = KEY_ALGORITHMS.find((candidate) => candidate === named);
  if (!algorithm)
    throw new Error(`the CA key is ${named ?? describeKeyType(privateKey)}; allowed: ${KEY_ALGORITHMS.join(", ")}`);
  const parsed = new X509Certificate(certPem);
  const spki = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  if (!parsed.publicKey.export({ type: "spki", format: "der" }).equals(spki))
    throw new Error("the CA key does not belong to the CA certificate");
  const asn1 = await loadAsn1();
  const { x509, schema } = asn1;
  const { tbsCertificate } = schema.AsnConvert.parse(parsed.raw, x509.Certificate);
  const ski = tbsCertificate.extensions?.find((candidate) => candidate.extnID === x509.id_ce_subjectKeyIdentifier);
  const keyId = ski ? Buffer.from(schema.AsnConvert.parse(ski.extnValue, x509.SubjectKeyIdentifier).buffer).toString("hex") : keyIdentifierOf(asn1, spki);
  return { subject: tbsCertificate.subject, algorithm, privateKey, keyId, certPem, keyPem };
}

// src/pki/cluster-pki.ts
var CA_VALIDITY_DAYS = 3650;
function memberAltNames(member, extraSans) {
  const names = [
    member.name,
    "localhost",
    member.address,
    "127.0.0.1",
    "::1",
    ...member.extraSans ?? [],
    ...extraSans
  ];
  const unique = [...new Set(names)];
  return {
    dns: unique.filter((name) => isIP4(name) === 0),
    ips: unique.filter((name) => isIP4(name) !== 0)
  };
}
async function writePem(file, text, mode) {
  await mkdir2(path7.dirname(file), { recursive: true, mode: 448 });
  await writeFileNoFollow(file, text, { mode });
}
function madeFor(members, topology) {
  const { keyAlgorithm, certValidityDays, extraSans } = topology;
  return JSON.stringify({
    keyAlgorithm,
    certValidityDays,
    members: members.map((member) => [member.name, memberAltNames(member, extraSans)])
  });
}
var KEY_JOBS = Math.max(1, (Number(process.env.UV_THREADPOOL_SIZE) || 4) - 1);
async function newKeys(count2, algorithm) {
  const keys = [];
  let next = 0;
  const worker = async () => {
    while (next < count2) {
      const index = next++;
      keys[index] = await newKey(algorithm);
    }
  };
  await Promise.all(Array.from({ length: Math.min(KEY_JOBS, count2) }, worker));
  return keys;
}
async function makeClusterPki(members, topology, now = /* @__PURE__ */ new Date()) {
  const { certValidityDays, extraSans, keyAlgorithm } = topology;
  const leaf = { validityDays: certValidityDays, now };
  preloadX509();
  const [caKey, healthcheckKey, apiserverKey, ...memberKeys] = await newKeys(3 + 2 * members.length, keyAlgorithm);
  const ca = await createCertificateAuthority(caKey, { validityDays: CA_VALIDITY_DAYS, now });
  const clientUsage = ["clientAuth"];
  const [healthcheck, apiserver, memberCertificates] = await Promise.all([
    issueCertificate(ca, healthcheckKey, { commonName: "kube-etcd-healthcheck-client", usages: clientUsage }, leaf),
    issueCertificate(
      ca,
      apiserverKey,
      { commonName: "kube-apiserver-etcd-client", organization: "system:masters", usages: clientUsage },
      leaf
    ),
    issueMemberCertificates(ca, members, memberKeys, extraSans, leaf)
  ]);
  return { madeFor: madeFor(members, topology), ca, healthcheck, apiserver, members: memberCertificates };
}
function issueMemberCertificates(ca, members, keys, extraSans, leaf) {
  return Promise.all(
    members.map(async (member, index) => {
      const request2 = {
        commonName: member.name,
        altNames: memberAltNames(member, extraSans),
        usages: ["serverAuth", "clientAuth"]
      };
      const [server, peer] = await Promise.all([
        issueCertificate(ca, keys[2 * index], request2, leaf),
        issueCertificate(ca, keys[2 * index + 1], request2, leaf)
      ]);
      return { server, peer };
    })
  );
}
function memberPemWrites(files, caCertPem, { server, peer }) {
  return [
    writePem(files.caCert, caCertPem, 420),
    writePem(files.serverCert, server.certPem, 420),
    writePem(files.serverKey, server.keyPem, 384),
    writePem(files.peerCert, peer.certPem, 420),
    writePem(files.peerKey, peer.keyPem, 384)
  ];
}
async function writeClusterPki(spec, material) {
  if (material.madeFor !== madeFor(spec.members, spec.topology)) {
    throw new Error(
      `the PKI was made for other members or settings (${material.madeFor}) than these (${madeFor(spec.members, spec.topology)})`
    );
  }
  const { ca, healthcheck, apiserver } = material;
  const { pki } = spec;
  await mkdir2(pki.root, { recursive: true, mode: 448 });
  await chmod(pki.root, 448);
  const writes = [
    writePem(pki.caCert, ca.certPem, 420),
    writePem(pki.caKey, ca.keyPem, 384),
    writePem(pki.healthcheckClientCert, healthcheck.certPem, 420),
    writePem(pki.healthcheckClientKey, healthcheck.keyPem, 384),
    writePem(pki.apiserverClientCert, apiserver.certPem, 420),
    writePem(pki.apiserverClientKey, apiserver.keyPem, 384)
  ];
  spec.members.forEach((member, index) => {
    const files = member.pki;
    writes.push(
      ...memberPemWrites(files, ca.certPem, material.members[index]),
      writePem(files.healthcheckClientCert, healthcheck.certPem, 420),
      writePem(files.healthcheckClientKey, healthcheck.keyPem, 384)
    );
  });
  await Promise.all(writes);
}
async function generateClusterPki(spec, now = /* @__PURE__ */ new Date(), made = makeClusterPki(spec.members, spec.topology, now)) {
  await writeClusterPki(spec, await made);
}
async function issueSpareMemberPki(spec, members, now = /* @__PURE__ */ new Date()) {
  const [caCertPem, caKeyPem] = await Promise.all([
    readFile2(spec.pki.caCert, "utf8"),
    readFile2(spec.pki.caKey, "utf8")
  ]);
  const ca = await loadCertificateAuthority(caCertPem, caKeyPem);
  const leaf = { validityDays: Math.max(1, spec.topology.certValidityDays), now };
  const keys = await newKeys(2 * members.length, ca.algorithm);
  const certificates = await issueMemberCertificates(ca, members, keys, spec.topology.extraSans, leaf);
  await Promise.all(members.flatMap((member, index) => memberPemWrites(member.pki, caCertPem, certificates[index])));
}

// src/checks/spare-members.ts
async function whyNoSpareMembers(spec) {
  if (spec.members.some((member) => member.configured?.urlsAsWritten)) {
    return "the members run the user's configuration on the hosts its URLs name (ssh), with the ports it writes; a member derived from it would need a host of its own, which the configuration does not name";
  }
  try {
    await access(spec.pki.caKey, constants2.R_OK);
  } catch {
    return `the PKI has no CA key (${spec.pki.caKey} cannot be read), so no certificate can be made for a new member: give a PKI with etcd/ca.key, or let the product generate one`;
  }
  return void 0;
}
function spareNames(spec, base, count2) {
  const taken = new Set(spec.members.map((member) => member.name));
  const names = [];
  for (let index = spec.members.length + 1; names.length < count2; index++) {
    if (!taken.has(`${base}-${index}`)) names.push(`${base}-${index}`);
  }
  return names;
}
async function placeSpareMembers(ctx, names) {
  const places = await ctx.target.sparePlaces(names.length);
  const members = names.map(
    (name, index) => configuredSpareMember(ctx.spec, spareMember(ctx.spec, name, places[index]))
  );
  await issueSpareMemberPki(ctx.spec, members, new Date(ctx.clock.wallNow()));
  for (const member of members) ctx.client.verifyAs(member.clientUrl, member.name);
  return members;
}
async function discardSpareMembers(ctx, members) {
  const problems = [];
  for (const member of members) {
    try {
      await ctx.target.discard(member);
    } catch (error) {
      problems.push(`${member.name}: ${errorMessage(error)}`);
    }
    await rm3(path8.dirname(member.pki.dir), { recursive: true, force: true }).catch(
      (error) => problems.push(`${member.pki.dir}: ${errorMessage(error)}`)
    );
  }
  return problems;
}

// src/checks/membership.ts
var MEMBERS_ADDED = 2;
var KEYS_PER_SIZE = 10;
var POLL_MS2 = 20;
var STATUS_TIMEOUT_MS3 = 500;
var REQUEST_TIMEOUT_MS3 = 5e3;
var RECONFIGURE_BOUND_MS = 2e4;
var RECONFIGURE_RETRY_MS = 250;
var NOT_IN_SYNC = /can only promote a learner member which is in sync with leader/i;
var STILL_LEARNER = /rpc not supported for learner/i;
var NOT_READY = /unhealthy cluster|not enough started members/i;
function joiningCluster(listed, newId, newName) {
  return listed.flatMap((member) => member.peerUrls.map((url) => `${member.id === newId ? newName : member.name}=${url}`)).join(",");
}
var membershipCheck = defineCheck({
  name: "membership",
  proves: "learners added with fresh certificates catch up and are promoted (etcd refuses one that has not caught up); removing the leader and another member leaves the original members leading and taking writes; at every size no acknowledged key is lost",
  byDefault: false,
  minMembers: {
    count: 3,
    why: "the drill scales a cluster that survives the loss of a member by two and back, as the guides scale 3 -> 5 -> 3"
  },
  stopsMembers: true,
  needs: ["add"],
  async run(ctx) {
    const noSpare = await whyNoSpareMembers(ctx.spec);
    if (noSpare) return { status: "skipped", summary: noSpare, figures: {}, notes: [] };
    const drill = new MembershipDrill(ctx);
    let outcome;
    let failure;
    try {
      outcome = await drill.run();
    } catch (error) {
      failure = error;
    }
    const problems = await drill.cleanUp();
    if (failure instanceof FaultUnsupportedError) throw failure;
    if (failure !== void 0) {
      const failed = failure instanceof CheckFailure ? failure : drill.fail(errorMessage(failure));
      failed.notes.push(...problems.map((problem) => `cleanup: ${problem}`));
      throw failed;
    }
    if (problems.length > 0)
      throw new CheckFailure(
        `the added members could not be taken out again: ${problems.join("; ")}`,
        outcome?.figures,
        outcome?.notes
      );
    return outcome;
  }
});
var MembershipDrill = class {
  constructor(ctx) {
    this.ctx = ctx;
    this.prefix = `${ctx.keyPrefix}membership/`;
    this.wait = {
      clock: ctx.clock,
      timeoutMs: failoverBoundMs(ctx.spec.timing.electionMs),
      intervalMs: POLL_MS2,
      requestTimeoutMs: STATUS_TIMEOUT_MS3
    };
    this.current = [...ctx.spec.members];
  }
  ctx;
  figures = {};
  notes = [];
  steps = {
    add: [],
    addWait: [],
    catchUp: [],
    promote: [],
    remove: [],
    removeWait: []
  };
  acknowledged = /* @__PURE__ */ new Map();
  prefix;
  wait;
  /** The voting members now. */
  current;
  /** Members added to the cluster (with the ID etcd gave them) or placed for it, until each is out again. */
  added = [];
  /** A failure that carries what the drill measured so far. */
  fail(message) {
    this.summarizeSteps();
    return new CheckFailure(message, this.figures, this.notes);
  }
  /** Each kind of step's figure: the slowest of its steps so far. */
  summarizeSteps() {
    for (const step of Object.keys(this.steps)) {
      if (this.steps[step].length > 0) this.figures[`${step}Ms`] = roundMs(Math.max(...this.steps[step]));
    }
  }
  /** The cluster as it is now: the spec's settings with the current members. */
  currentSpec() {
    return { ...this.ctx.spec, members: this.current };
  }
  isOriginal(member) {
    return this.ctx.spec.members.some((candidate) => candidate.name === member.name);
  }
  /** Times `work`, recording its milliseconds as one step of `step`. */
  async timed(step, work) {
    const started = this.ctx.clock.now();
    const value = await work();
    this.steps[step].push(this.ctx.clock.now() - started);
    return value;
  }
  /**
   * Shows the cluster at its current size: etcd lists exactly the current members as voting members,
   * they agree on a leader, and each of them takes a write (ten through the leader, one through each).
   */
  async servesWrites() {
    const { client } = this.ctx;
    const size = this.current.length;
    const agreed = await waitForAgreedLeader(this.currentSpec(), client, this.wait).catch((error) => {
      throw this.fail(`at ${size} members: ${error.message}`);
    });
    const listed = await client.memberList(agreed.leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS3 });
    const voting = listed.filter((member) => !member.isLearner).map((member) => member.name);
    const expected = this.current.map((member) => member.name);
    if (voting.length !== expected.length || !expected.every((name) => voting.includes(name))) {
      throw this.fail(
        `etcd lists the voting members ${voting.join(", ") || "(none)"}, where ${expected.join(", ")} were expected`
      );
    }
    const { acknowledged, firstError } = await writeKeys(
      client,
      agreed.leader.clientUrl,
      `${this.prefix}size-${size}-${this.steps.add.length}-${this.steps.remove.length}/`,
      KEYS_PER_SIZE,
      REQUEST_TIMEOUT_MS3
    );
    if (firstError)
      throw this.fail(
        `at ${size} members, a write through the leader ${agreed.leader.name} was refused: ${firstError}`
      );
    for (const [key, value] of acknowledged) this.acknowledged.set(key, value);
    for (const member of this.current) {
      const key = `${this.prefix}size-${size}-${this.steps.add.length}-${this.steps.remove.length}/via-${member.name}`;
      try {
        await pollUntil(
          async () => {
            await client.put(member.clientUrl, key, member.name, { timeoutMs: REQUEST_TIMEOUT_MS3 });
            return true;
          },
          {
            what: `${member.name} to take a write as a voting member`,
            timeoutMs: this.wait.timeoutMs,
            intervalMs: POLL_MS2,
            clock: this.ctx.clock,
            isFatal: (error) => !STILL_LEARNER.test(errorMessage(error))
          }
        );
      } catch (error) {
        throw this.fail(`at ${size} members, ${member.name} refused a write: ${errorMessage(error)}`);
      }
      this.acknowledged.set(key, member.name);
    }
    this.figures.maxSize = Math.max(this.figures.maxSize ?? 0, size);
    return agreed.leader;
  }
  async run() {
    const { ctx, figures, notes } = this;
    const { spec, client, clock, logger, target } = ctx;
    const startSize = spec.members.length;
    await this.servesWrites();
    const members = await placeSpareMembers(ctx, spareNames(spec, "etcd", MEMBERS_ADDED));
    for (const member of members) this.added.push({ member, removed: false });
    for (const entry of this.added) await this.grow(entry);
    let leader = (await this.leaderNow()).leader;
    const [first, last] = this.added;
    if (!this.added.some((entry) => entry.member.name === leader.name)) {
      const movedAt = clock.now();
      logger.info(
        `moving the leadership from ${leader.name} to ${last.member.name}, so that removing the leader leaves the original members`
      );
      await client.moveLeader(leader.clientUrl, last.id, { timeoutMs: this.wait.timeoutMs }).catch((error) => {
        throw this.fail(`moving the leadership to ${last.member.name} failed: ${errorMessage(error)}`);
      });
      const current = this.currentSpec();
      await pollUntil(
        async () => (await statusWithAgreedLeader(current, client, STATUS_TIMEOUT_MS3))?.leaderId === last.id ? true : void 0,
        {
          what: `every member to name ${last.member.name} the leader`,
          timeoutMs: this.wait.timeoutMs,
          intervalMs: POLL_MS2,
          clock
        }
      ).catch((error) => {
        throw this.fail(error.message);
      });
      figures.moveLeaderMs = roundMs(clock.now() - movedAt);
      leader = last.member;
    }
    const leaderEntry = leader.name === first.member.name ? first : last;
    const otherEntry = leaderEntry === first ? last : first;
    await this.shrink(leaderEntry, true);
    await this.shrink(otherEntry, false);
    const final = await this.servesWrites();
    const listed = await client.memberList(final.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS3 });
    figures.finalSize = listed.length;
    const names = listed.map((member) => member.name).sort();
    const original = spec.members.map((member) => member.name).sort();
    if (names.join(",") !== original.join(","))
      throw this.fail(`the cluster ended with the members ${names.join(", ")}, not ${original.join(", ")}`);
    await waitForHealthyCluster(spec, target, client, { clock });
    figures.keysAcknowledged = this.acknowledged.size;
    const lost = await findLostKeys(client, final.clientUrl, this.prefix, this.acknowledged, {
      timeoutMs: REQUEST_TIMEOUT_MS3
    });
    figures.keysLost = lost.length;
    if (lost.length > 0)
      throw this.fail(
        `${lost.length} acknowledged keys are missing after the membership changes, e.g. ${lost.slice(0, 3).join(", ")}`
      );
    const leaderIndex = (await client.status(final.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS3 })).raftIndex;
    for (const member of spec.members) {
      await waitForApplied(client, member, leaderIndex, {
        clock,
        timeoutMs: this.wait.timeoutMs,
        intervalMs: POLL_MS2,
        requestTimeoutMs: STATUS_TIMEOUT_MS3
      });
      const missing = await findLostKeys(client, member.clientUrl, this.prefix, this.acknowledged, {
        timeoutMs: REQUEST_TIMEOUT_MS3,
        serializable: true
      });
      if (missing.length > 0)
        throw this.fail(
          `${member.name} lacks ${missing.length} acknowledged keys, e.g. ${missing.slice(0, 3).join(", ")}`
        );
    }
    this.summarizeSteps();
    const sizes = [startSize, startSize + 1, startSize + 2, startSize + 1, startSize].join(" -> ");
    return {
      status: "pass",
      summary: `scaled ${sizes}: each learner caught up in at most ${figures.catchUpMs} ms and was promoted in at most ${figures.promoteMs} ms (an early promotion refused); removed the leader ${leaderEntry.member.name} and ${otherEntry.member.name}; writes served at every size; all ${this.acknowledged.size} acknowledged keys intact`,
      figures,
      notes
    };
  }
  /** Adds one member as a learner, shows an early promotion refused, starts it, waits until it caught up, promotes it. */
  async grow(entry) {
    const { spec, client, clock, target, logger } = this.ctx;
    const { member } = entry;
    const leader = (await this.leaderNow()).leader;
    const adding = await this.whenReady(
      `etcd to add ${member.name}`,
      () => client.memberAdd(leader.clientUrl, [member.peerUrl], { timeoutMs: REQUEST_TIMEOUT_MS3, isLearner: true })
    ).catch((error) => {
      throw this.fail(`adding ${member.name} as a learner failed: ${errorMessage(error)}`);
    });
    this.steps.add.push(adding.requestMs);
    this.steps.addWait.push(adding.waitedMs);
    const { member: joined, members: listed } = adding.answer;
    entry.id = joined.id;
    logger.info(`added ${member.name} (${joined.id}) as a learner at ${member.peerUrl}`);
    const early = await client.memberPromote(leader.clientUrl, joined.id, { timeoutMs: REQUEST_TIMEOUT_MS3 }).then(
      () => void 0,
      (error) => error
    );
    if (early === void 0)
      throw this.fail(
        `etcd promoted ${member.name} right after it was added, before it started or caught up with the leader`
      );
    if (!NOT_IN_SYNC.test(errorMessage(early)))
      throw this.fail(
        `promoting ${member.name} before it caught up failed, but not because it was behind: ${errorMessage(early)}`
      );
    this.notes.push(`promoting ${member.name} before it started was refused: ${errorMessage(early)}`);
    entry.member = {
      ...member,
      bootstrap: {
        initialCluster: joiningCluster(listed, joined.id, member.name),
        token: spec.token,
        state: "existing"
      }
    };
    const startedAt = clock.now();
    await target.start(entry.member);
    const leaderIndex = (await client.status(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS3 })).raftIndex;
    await waitForApplied(client, entry.member, leaderIndex, {
      clock,
      timeoutMs: spec.timing.startupTimeoutMs,
      intervalMs: POLL_MS2,
      requestTimeoutMs: STATUS_TIMEOUT_MS3
    }).catch(async (error) => {
      const log = await target.logs(entry.member, 5).catch(() => "");
      throw this.fail(
        `${member.name} did not catch up as a learner: ${error.message}${log ? `; the end of its log: ${log.trim().split("\n").join(" | ")}` : ""}`
      );
    });
    this.steps.catchUp.push(clock.now() - startedAt);
    await this.timed(
      "promote",
      () => pollUntil(() => client.memberPromote(leader.clientUrl, joined.id, { timeoutMs: REQUEST_TIMEOUT_MS3 }), {
        what: `etcd to promote ${member.name}`,
        timeoutMs: this.wait.timeoutMs,
        intervalMs: POLL_MS2,
        clock,
        isFatal: (error) => !NOT_IN_SYNC.test(errorMessage(error))
      })
    ).catch((error) => {
      throw this.fail(`promoting ${member.name} after it caught up failed: ${errorMessage(error)}`);
    });
    this.current = [...this.current, entry.member];
    const [add, addWait, catchUp, promote] = [
      this.steps.add.at(-1),
      this.steps.addWait.at(-1),
      this.steps.catchUp.at(-1),
      this.steps.promote.at(-1)
    ].map((ms) => roundMs(ms ?? 0));
    this.notes.push(
      `${member.name}: added as a learner in ${add} ms` + (adding.refusal ? ` (etcd called the cluster not ready for it for ${addWait} ms: ${adding.refusal})` : "") + `, caught up ${catchUp} ms after it started, promoted in ${promote} ms; ${this.current.length} voting members`
    );
    await this.servesWrites();
  }
  /** Removes one added member through an original one (retrying while etcd says it is too early), then ends it. */
  async shrink(entry, isLeader) {
    const { client, clock, target } = this.ctx;
    const stays = this.current.filter((member) => member.name !== entry.member.name);
    const via = stays.find((member) => this.isOriginal(member));
    const removal = await this.remove(entry, via);
    this.steps.remove.push(removal.requestMs);
    this.steps.removeWait.push(removal.waitedMs);
    const removedAt = clock.now();
    this.current = stays;
    if (isLeader) {
      await waitForNewLeader(client, stays, entry.id, this.wait).catch((error) => {
        throw this.fail(`after the leader ${entry.member.name} was removed: ${error.message}`);
      });
      this.figures.newLeaderMs = roundMs(clock.now() - removedAt);
    }
    await target.discard(entry.member);
    this.notes.push(
      `removed ${isLeader ? "the leader " : ""}${entry.member.name} in ${roundMs(removal.requestMs)} ms` + (removal.refusal ? ` (etcd called the cluster not ready for it for ${roundMs(removal.waitedMs)} ms: ${removal.refusal})` : "") + (isLeader ? `; the others agreed on a new leader ${this.figures.newLeaderMs} ms later` : "") + `; ${stays.length} voting members`
    );
    await this.servesWrites();
  }
  /** MemberRemove, retried while etcd refuses it as too early; the time of the accepted request and of the wait before it. */
  async remove(entry, via) {
    const removal = await this.whenReady(
      `etcd to remove ${entry.member.name}`,
      () => this.ctx.client.memberRemove(via.clientUrl, entry.id, { timeoutMs: this.wait.timeoutMs })
    ).catch((error) => {
      throw this.fail(`removing ${entry.member.name} failed: ${errorMessage(error)}`);
    });
    entry.removed = true;
    return removal;
  }
  /**
   * Sends a membership change, again while etcd refuses it as too early (see RECONFIGURE_BOUND_MS);
   * resolves with its answer, the time of the accepted request, the wait before it and etcd's refusal.
   */
  async whenReady(what, send) {
    const { clock } = this.ctx;
    const began = clock.now();
    let refusal;
    const accepted = await pollUntil(
      async () => {
        const sent = clock.now();
        try {
          return { answer: await send(), requestMs: clock.now() - sent };
        } catch (error) {
          if (NOT_READY.test(errorMessage(error))) refusal = errorMessage(error);
          throw error;
        }
      },
      {
        what,
        timeoutMs: RECONFIGURE_BOUND_MS,
        intervalMs: RECONFIGURE_RETRY_MS,
        clock,
        isFatal: (error) => !NOT_READY.test(errorMessage(error))
      }
    );
    return { ...accepted, waitedMs: refusal === void 0 ? 0 : clock.now() - began - accepted.requestMs, refusal };
  }
  /** The current members' agreed leader. */
  leaderNow() {
    return waitForAgreedLeader(this.currentSpec(), this.ctx.client, this.wait).catch((error) => {
      throw this.fail(error.message);
    });
  }
  /**
   * Takes every added member out again: removes from the cluster those still in it (through a
   * member the cluster started with), ends them and removes their data and certificates. Returns
   * what it could not do.
   */
  async cleanUp() {
    const problems = [];
    const via = this.ctx.spec.members[0];
    for (const entry of this.added) {
      if (entry.id && !entry.removed) {
        try {
          await this.remove(entry, via);
          this.ctx.logger.info(`removed ${entry.member.name} from the cluster after the drill stopped`);
        } catch (error) {
          problems.push(`removing ${entry.member.name} from the cluster: ${errorMessage(error)}`);
        }
      }
    }
    problems.push(
      ...await discardSpareMembers(
        this.ctx,
        this.added.map((entry) => entry.member)
      )
    );
    return problems;
  }
};

// src/cluster/flags.ts
var import_yaml = __toESM(require_dist(), 1);
function memberSettings(spec, member) {
  if (member.configured) return configuredSettings(spec, { ...member, configured: member.configured });
  const files = member.pki;
  return [
    ["name", member.name],
    ["data-dir", member.dataDir],
    ["listen-client-urls", member.clientUrl],
    ["advertise-client-urls", member.clientUrl],
    ["listen-peer-urls", member.peerUrl],
    ["initial-advertise-peer-urls", member.advertisedPeerUrl ?? member.peerUrl],
    // A member beyond the spec's starts into the cluster its bootstrap names (joining, or restored).
    ["initial-cluster", member.bootstrap?.initialCluster ?? spec.initialCluster],
    ["initial-cluster-token", member.bootstrap?.token ?? spec.token],
    ["initial-cluster-state", member.bootstrap?.state ?? "new"],
    ["client-cert-auth", true],
    ["trusted-ca-file", files.caCert],
    ["cert-file", files.serverCert],
    ["key-file", files.serverKey],
    ["peer-client-cert-auth", true],
    ["peer-trusted-ca-file", files.caCert],
    ["peer-cert-file", files.peerCert],
    ["peer-key-file", files.peerKey],
    ["heartbeat-interval", String(spec.timing.heartbeatMs)],
    ["election-timeout", String(spec.timing.electionMs)],
    // A restarted member must not disrupt a healthy leader (etcd 3.5's default; 3.4 needs it said).
    ["pre-vote", true],
    ["logger", "zap"],
    ["log-outputs", "stderr"]
  ];
}
function etcdFlags(spec, member) {
  return memberSettings(spec, member).map(([name, value]) => value === true ? `--${name}` : `--${name}=${value}`);
}
var LISTENERS = {
  "listen-client-urls": "client",
  "listen-client-http-urls": "client",
  "listen-peer-urls": "peer",
  "listen-metrics-urls": "metrics"
};
function memberListeners(spec, member) {
  return memberSettings(spec, member).flatMap(([name, value]) => {
    const role = LISTENERS[name];
    if (!role || typeof value !== "string") return [];
    return value.split(",").flatMap((item) => {
      const match = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]*\]|[^/:?#]*):(\d+)/i.exec(item.trim());
      return match ? [{ role, address: match[1].replace(/^\[(.*)\]$/, "$1"), port: Number(match[2]) }] : [];
    });
  });
}
var TLS_SECTIONS = {
  "client-cert-auth": ["client-transport-security", "client-cert-auth"],
  "trusted-ca-file": ["client-transport-security", "trusted-ca-file"],
  "cert-file": ["client-transport-security", "cert-file"],
  "key-file": ["client-transport-security", "key-file"],
  "peer-client-cert-auth": ["peer-transport-security", "client-cert-auth"],
  "peer-trusted-ca-file": ["peer-transport-security", "trusted-ca-file"],
  "peer-cert-file": ["peer-transport-security", "cert-file"],
  "peer-key-file": ["peer-transport-security", "key-file"],
  "auto-tls": ["client-transport-security", "auto-tls"],
  "peer-auto-tls": ["peer-transport-security", "auto-tls"]
};
var NUMBERS = /* @__PURE__ */ new Set(["heartbeat-interval", "election-timeout"]);
var LISTS = /* @__PURE__ */ new Set(["log-outputs", "cipher-suites"]);
var STRINGS = /* @__PURE__ */ new Set([
  "name",
  "initial-cluster-token",
  "auto-compaction-retention",
  "discovery-srv-name",
  "discovery-token",
  "log-level"
]);
var GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
var DURATION_NS = { ns: 1, us: 1e3, \u00B5s: 1e3, ms: 1e6, s: 1e9, m: 6e10, h: 36e11 };
function configFileValue(name, value) {
  if (typeof value === "boolean" || STRINGS.has(name)) return value;
  if (NUMBERS.has(name) || /^\d+$/.test(value)) return Number(value);
  if (LISTS.has(name)) return value.split(",");
  if (value === "true" || value === "false") return value === "true";
  if (GO_DURATION.test(value)) {
    return [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)].reduce(
      (total, [, amount, unit]) => total + Number(amount) * DURATION_NS[unit],
      0
    );
  }
  return value;
}
function etcdConfigYaml(spec, member) {
  const config = {};
  for (const [name, value] of memberSettings(spec, member)) {
    const section = TLS_SECTIONS[name];
    const typed = configFileValue(name, value);
    if (section) (config[section[0]] ??= {})[section[1]] = typed;
    else config[name] = typed;
  }
  return `# etcd member ${member.name}, written by etcd-ha from the cluster spec of run ${spec.runId}
${(0, import_yaml.stringify)(config)}`;
}

// src/checks/partition.ts
var KEYS_PER_STEP = 20;
var POLL_MS3 = 10;
var STATUS_TIMEOUT_MS4 = 250;
var REQUEST_TIMEOUT_MS4 = 5e3;
function preVoteOf(spec, etcdVersion) {
  const values = spec.members.map((member) => memberSettings(spec, member).find(([name]) => name === "pre-vote")?.[1]);
  const on = (value) => value === true || value === "true" || value === "";
  if (values.every(on)) return { on: true, why: "pre-vote is on" };
  if (values.some((value) => value !== void 0 && !on(value)))
    return { on: false, why: "pre-vote is off in the configuration" };
  const [major, minor] = (etcdVersion ?? "").split(".").map(Number);
  const defaultOn = major > 3 || major === 3 && minor >= 5;
  return defaultOn ? { on: true, why: `pre-vote is not set, and etcd ${etcdVersion} runs with it by default` } : {
    on: false,
    why: `pre-vote is not set, and etcd ${etcdVersion || "of this version"} runs without it by default (3.5 and later run with it)`
  };
}
function waitForStepDown(ctx, member, since, wait) {
  return pollUntil(
    async () => (await ctx.client.status(member.clientUrl, { timeoutMs: wait.requestTimeoutMs })).isLeader ? void 0 : ctx.clock.now() - since,
    { what: `${member.name} to step down`, timeoutMs: wait.timeoutMs, intervalMs: wait.intervalMs, clock: wait.clock }
  );
}
async function waitForRejoin(ctx, member, wait) {
  const { client, spec } = ctx;
  const agreed = await pollUntil(
    async () => {
      const found = await statusWithAgreedLeader(spec, client, wait.requestTimeoutMs);
      if (found?.leader === member)
        throw new CheckFailure(`${member.name} leads again after the heal instead of following`);
      return found ?? void 0;
    },
    {
      what: `${member.name} to follow the leader again`,
      timeoutMs: wait.timeoutMs,
      intervalMs: wait.intervalMs,
      clock: wait.clock,
      isFatal: (error) => error instanceof CheckFailure
    }
  );
  const leaderIndex = (await client.status(agreed.leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS4 })).raftIndex;
  await waitForApplied(client, member, leaderIndex, {
    clock: wait.clock,
    timeoutMs: wait.timeoutMs,
    intervalMs: wait.intervalMs,
    requestTimeoutMs: wait.requestTimeoutMs
  });
  return agreed;
}
var partitionCheck = defineCheck({
  name: "partition",
  proves: "a leader cut off from its peers steps down and refuses writes while the majority elects a new one; healed, it rejoins as a follower; a cut-off follower leaves the leader in place and catches up; no acknowledged key is lost",
  byDefault: false,
  minMembers: { count: 3, why: "a partition needs a majority and a minority" },
  stopsMembers: true,
  needs: ["isolate"],
  async run(ctx) {
    const { spec, target, client, clock, logger } = ctx;
    const prefix = `${ctx.keyPrefix}partition/`;
    const figures = {};
    const notes = [];
    const fail = (message) => new CheckFailure(message, figures, notes);
    const wait = {
      clock,
      timeoutMs: failoverBoundMs(spec.timing.electionMs),
      intervalMs: POLL_MS3,
      requestTimeoutMs: STATUS_TIMEOUT_MS4
    };
    const failWith = (error) => {
      throw fail(errorMessage(error));
    };
    try {
      const before = await waitForAgreedLeader(spec, client, wait).catch(
        (error) => failWith(`before the partition: ${errorMessage(error)}`)
      );
      const oldLeader = before.leader;
      const preVote = preVoteOf(spec, before.rows.find((row) => row.status)?.status?.version);
      figures.termBefore = highestTerm(before.rows);
      const { acknowledged, firstError } = await writeKeys(
        client,
        oldLeader.clientUrl,
        `${prefix}before/`,
        KEYS_PER_STEP,
        REQUEST_TIMEOUT_MS4
      );
      if (firstError) throw fail(`a write before the partition was refused: ${firstError}`);
      const majority = spec.members.filter((member) => member !== oldLeader);
      logger.info(`cutting the leader ${oldLeader.name} off from ${majority.map((member) => member.name).join(", ")}`);
      const cutAt = clock.now();
      await target.isolate([oldLeader], majority);
      const [newLeader, stepDown] = await Promise.all([
        waitForNewLeader(client, majority, before.leaderId, wait).then(
          (id) => ({ id, ms: clock.now() - cutAt }),
          (error) => error
        ),
        waitForStepDown(ctx, oldLeader, cutAt, wait).catch((error) => error)
      ]);
      if (newLeader instanceof Error && stepDown instanceof Error) {
        throw fail(
          `${oldLeader.name} still leads ${wait.timeoutMs} ms after it was cut off from its peers, and they elected no new leader: the links were not cut`
        );
      }
      if (newLeader instanceof Error)
        throw fail(`the majority elected no new leader after the leader was cut off: ${newLeader.message}`);
      if (stepDown instanceof Error)
        throw fail(
          `${oldLeader.name} still says it leads ${wait.timeoutMs} ms after it was cut off, while the majority elected a new leader`
        );
      figures.newLeaderMs = roundMs(newLeader.ms);
      figures.stepDownMs = roundMs(stepDown);
      const leader = before.rows.find((row) => row.status?.id === newLeader.id)?.member;
      if (!leader) throw fail(`the new leader ${newLeader.id} is not a member of this cluster`);
      const elected = await client.status(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS4 });
      figures.termElected = elected.raftTerm;
      notes.push(
        `${leader.name} led the majority ${figures.newLeaderMs} ms after the cut (term ${figures.termElected}); ${oldLeader.name} stepped down after ${figures.stepDownMs} ms`
      );
      const refusedKey = `${prefix}refused-write`;
      const writeStarted = clock.now();
      const refused = await client.put(oldLeader.clientUrl, refusedKey, "must-not-appear", { timeoutMs: wait.timeoutMs, requireLeader: true }).then(
        () => void 0,
        (error) => error
      );
      figures.writeRefusedMs = roundMs(clock.now() - writeStarted);
      if (refused === void 0) throw fail(`${oldLeader.name} acknowledged a write while cut off from the majority`);
      if (refused instanceof EtcdRequestError && refused.timedOut)
        throw fail(`a write on the cut-off ${oldLeader.name} hung: no answer within ${wait.timeoutMs} ms`);
      notes.push(`${oldLeader.name} refused a write after ${figures.writeRefusedMs} ms: ${errorMessage(refused)}`);
      const during = await writeKeys(client, leader.clientUrl, `${prefix}majority/`, KEYS_PER_STEP, REQUEST_TIMEOUT_MS4);
      if (during.firstError) throw fail(`the majority refused a write during the partition: ${during.firstError}`);
      for (const [key, value] of during.acknowledged) acknowledged.set(key, value);
      const majorityTerms = await Promise.all(
        majority.map(
          (member) => client.status(member.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS4 }).then(
            (status) => status.raftTerm,
            () => 0
          )
        )
      );
      figures.termElected = Math.max(figures.termElected, ...majorityTerms);
      const healedAt = clock.now();
      await target.heal();
      const afterHeal = await waitForRejoin(ctx, oldLeader, wait).catch(failWith);
      figures.healMs = roundMs(clock.now() - healedAt);
      figures.termAfterHeal = highestTerm(afterHeal.rows);
      const raisedByHeal = figures.termAfterHeal > figures.termElected || afterHeal.leaderId !== newLeader.id;
      const healStory = `${oldLeader.name} rejoined as a follower ${figures.healMs} ms after the heal; ` + (raisedByHeal ? `its return forced an election: term ${figures.termElected} -> ${figures.termAfterHeal}, leader ${afterHeal.leader.name}` : `the term stayed ${figures.termElected}`);
      notes.push(`${healStory} (${preVote.why})`);
      if (raisedByHeal && preVote.on) throw fail(`${healStory}, although ${preVote.why}`);
      const leaderNow = afterHeal.leader;
      const follower = spec.members.find((member) => member !== leaderNow && member !== oldLeader) ?? spec.members.find((member) => member !== leaderNow);
      if (!follower) throw fail("no follower to cut off");
      const rest = spec.members.filter((member) => member !== follower);
      const termBeforeFollower = figures.termAfterHeal;
      logger.info(`cutting the follower ${follower.name} off from ${rest.map((member) => member.name).join(", ")}`);
      const followerCutAt = clock.now();
      await target.isolate([follower], rest);
      const whileCut = await writeKeys(
        client,
        leaderNow.clientUrl,
        `${prefix}follower-cut/`,
        KEYS_PER_STEP,
        REQUEST_TIMEOUT_MS4
      );
      if (whileCut.firstError)
        throw fail(`the leader refused a write while a follower was cut off: ${whileCut.firstError}`);
      for (const [key, value] of whileCut.acknowledged) acknowledged.set(key, value);
      const holdUntil = followerCutAt + 3 * spec.timing.electionMs;
      let followerLostLeader = false;
      while (clock.now() < holdUntil) {
        const rows = await collectStatus(client, spec.members, STATUS_TIMEOUT_MS4);
        const changed = rows.find(
          (row) => row.member !== follower && row.status && row.status.leader !== afterHeal.leaderId
        );
        if (changed)
          throw fail(
            `${changed.member.name} named ${changed.status?.leader ?? "no leader"} instead of ${leaderNow.name} while only the follower ${follower.name} was cut off`
          );
        if (rows.find((row) => row.member === follower)?.status?.leader === void 0) followerLostLeader = true;
        await clock.sleep(POLL_MS3);
      }
      notes.push(
        `${leaderNow.name} stayed leader while ${follower.name} was cut off for ${Math.round(clock.now() - followerCutAt)} ms` + (followerLostLeader ? `; ${follower.name} lost its leader meanwhile` : "")
      );
      const followerHealedAt = clock.now();
      await target.heal();
      const after = await waitForRejoin(ctx, follower, wait).catch(failWith);
      figures.catchUpMs = roundMs(clock.now() - followerHealedAt);
      figures.termAfter = highestTerm(after.rows);
      if (after.leaderId !== afterHeal.leaderId || figures.termAfter > termBeforeFollower) {
        const story = `the follower's return changed the leader or the term: ${leaderNow.name} at term ${termBeforeFollower} -> ${after.leader.name} at term ${figures.termAfter}`;
        if (preVote.on) throw fail(`${story}, although ${preVote.why}`);
        notes.push(`${story} (${preVote.why})`);
      }
      figures.keysAcknowledged = acknowledged.size;
      const lost = await findLostKeys(client, after.leader.clientUrl, prefix, acknowledged, {
        timeoutMs: REQUEST_TIMEOUT_MS4
      });
      figures.keysLost = lost.length;
      if (lost.length > 0)
        throw fail(
          `${lost.length} acknowledged keys are missing after the partitions, e.g. ${lost.slice(0, 3).join(", ")}`
        );
      for (const member of [oldLeader, follower]) {
        const missing = await findLostKeys(client, member.clientUrl, prefix, acknowledged, {
          timeoutMs: REQUEST_TIMEOUT_MS4,
          serializable: true
        });
        if (missing.length > 0)
          throw fail(
            `${member.name} rejoined but lacks ${missing.length} acknowledged keys, e.g. ${missing.slice(0, 3).join(", ")}`
          );
      }
      const ghost = await client.range(after.leader.clientUrl, refusedKey, { timeoutMs: REQUEST_TIMEOUT_MS4 });
      if (ghost.length > 0)
        throw fail(`the write ${oldLeader.name} refused while cut off appeared after the heal (${refusedKey})`);
      await waitForHealthyCluster(spec, target, client, { clock });
      return {
        status: "pass",
        summary: `cut off leader ${oldLeader.name}: ${leader.name} led after ${figures.newLeaderMs} ms, ${oldLeader.name} stepped down after ${figures.stepDownMs} ms and refused a write in ${figures.writeRefusedMs} ms, rejoined as a follower ${figures.healMs} ms after the heal; cut off follower ${follower.name}: the leader stayed, it caught up ${figures.catchUpMs} ms after the heal; term ${figures.termBefore} -> ${figures.termAfter}; all ${acknowledged.size} acknowledged keys intact`,
        figures,
        notes
      };
    } finally {
      await target.heal().catch((error) => logger.warning(`healing the links after the partition check: ${errorMessage(error)}`));
    }
  }
});

// src/checks/quorum-loss.ts
var KEYS_BEFORE = 20;
var POLL_MS4 = 10;
var REQUEST_TIMEOUT_MS5 = 5e3;
async function timed(ctx, work) {
  const started = ctx.clock.now();
  try {
    const value = await work();
    return { ms: ctx.clock.now() - started, value };
  } catch (error) {
    return { ms: ctx.clock.now() - started, error };
  }
}
var quorumLossCheck = defineCheck({
  name: "quorum-loss",
  proves: "without a majority a member refuses writes and linearizable reads instead of hanging; after restart writes resume and no acknowledged key is lost",
  byDefault: true,
  minMembers: { count: 2, why: "a single member cannot fail over" },
  stopsMembers: true,
  needs: [],
  async run(ctx) {
    const { spec, target, client, clock, logger } = ctx;
    const prefix = `${ctx.keyPrefix}quorum-loss/`;
    const figures = {};
    const notes = [];
    const fail = (message) => new CheckFailure(message, figures, notes);
    const boundMs = failoverBoundMs(spec.timing.electionMs);
    const before = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS5);
    if (!before) throw fail("the members did not agree on one leader before quorum was taken away");
    const { acknowledged, firstError } = await writeKeys(
      client,
      before.leader.clientUrl,
      `${prefix}before/`,
      KEYS_BEFORE,
      REQUEST_TIMEOUT_MS5
    );
    if (firstError) throw fail(`a write before quorum loss was refused: ${firstError}`);
    const survivor = spec.members.find((member) => member !== before.leader);
    if (!survivor) throw fail("quorum loss needs at least two members");
    const majority = Math.floor(spec.members.length / 2) + 1;
    const stopped = [
      before.leader,
      ...spec.members.filter((member) => member !== before.leader && member !== survivor)
    ].slice(0, majority);
    const leaderIndex = (await client.status(before.leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS5 })).raftIndex;
    await waitForApplied(client, survivor, leaderIndex, {
      clock,
      timeoutMs: boundMs,
      intervalMs: POLL_MS4,
      requestTimeoutMs: REQUEST_TIMEOUT_MS5
    });
    const followersToStop = stopped.filter((member) => member !== before.leader);
    logger.info(
      `killing ${followersToStop.map((member) => member.name).join(", ")}, then the leader ${before.leader.name} (a majority of ${spec.members.length}); probing ${survivor.name}`
    );
    const stoppedAt = clock.now();
    await Promise.all(followersToStop.map((member) => target.kill(member)));
    figures.followerStopMs = roundMs(clock.now() - stoppedAt);
    const leaderKilledAt = clock.now();
    await target.kill(before.leader);
    figures.membersStopped = stopped.length;
    try {
      await pollUntil(
        async () => (await client.status(survivor.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS5 })).leader === void 0 ? true : void 0,
        { what: `${survivor.name} to notice it has no leader`, timeoutMs: boundMs, intervalMs: POLL_MS4, clock }
      );
      figures.leaderLostMs = roundMs(clock.now() - leaderKilledAt);
    } catch (error) {
      notes.push(
        `${survivor.name} still named a leader ${boundMs} ms after the majority stopped (${errorMessage(error)})`
      );
    }
    const probeKey = `${prefix}refused-write`;
    const write = await timed(
      ctx,
      () => client.put(survivor.clientUrl, probeKey, "must-not-appear", { timeoutMs: boundMs, requireLeader: true })
    );
    figures.writeRefusedMs = roundMs(write.ms);
    if (!write.error) throw fail(`${survivor.name} acknowledged a write without quorum`);
    if (write.error instanceof EtcdRequestError && write.error.timedOut) {
      throw fail(`the write on ${survivor.name} hung: no answer within ${boundMs} ms`);
    }
    notes.push(`write refused after ${figures.writeRefusedMs} ms: ${errorMessage(write.error)}`);
    const linearizable = await timed(
      ctx,
      () => client.range(survivor.clientUrl, `${prefix}before/`, { timeoutMs: boundMs, requireLeader: true, prefix: true })
    );
    figures.linearizableReadRefusedMs = roundMs(linearizable.ms);
    if (!linearizable.error) throw fail(`${survivor.name} answered a linearizable read without quorum`);
    if (linearizable.error instanceof EtcdRequestError && linearizable.error.timedOut) {
      throw fail(`the linearizable read on ${survivor.name} hung: no answer within ${boundMs} ms`);
    }
    const serializable = await timed(
      ctx,
      () => client.range(survivor.clientUrl, `${prefix}before/`, {
        timeoutMs: REQUEST_TIMEOUT_MS5,
        serializable: true,
        prefix: true
      })
    );
    if (serializable.error)
      throw fail(`a serializable read on ${survivor.name} failed: ${errorMessage(serializable.error)}`);
    figures.serializableReadMs = roundMs(serializable.ms);
    figures.serializableKeysSeen = serializable.value?.length ?? 0;
    notes.push(
      `serializable read answered from ${survivor.name}'s local state (possibly stale): ${figures.serializableKeysSeen} of ${acknowledged.size} keys`
    );
    const restartedAt = clock.now();
    await Promise.all(stopped.map((member) => target.start(member)));
    const recoveryKey = `${prefix}after-recovery`;
    await pollUntil(
      async () => {
        await client.put(survivor.clientUrl, recoveryKey, "ok", { timeoutMs: 1e3, requireLeader: true });
        return true;
      },
      {
        what: "a write to be acknowledged after the stopped members restarted",
        timeoutMs: boundMs,
        intervalMs: POLL_MS4,
        clock
      }
    ).catch((error) => {
      throw fail(error.message);
    });
    acknowledged.set(recoveryKey, "ok");
    figures.recoveryMs = roundMs(clock.now() - restartedAt);
    await waitForHealthyCluster(spec, target, client, { clock });
    figures.allHealthyMs = roundMs(clock.now() - restartedAt);
    const after = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS5);
    if (!after) throw fail("the members did not agree on a leader after recovery");
    const lost = await findLostKeys(client, after.leader.clientUrl, prefix, acknowledged, {
      timeoutMs: REQUEST_TIMEOUT_MS5
    });
    figures.keysAcknowledged = acknowledged.size;
    figures.keysLost = lost.length;
    if (lost.length > 0)
      throw fail(`${lost.length} acknowledged keys are missing after recovery, e.g. ${lost.slice(0, 3).join(", ")}`);
    const ghost = await client.range(after.leader.clientUrl, probeKey, { timeoutMs: REQUEST_TIMEOUT_MS5 });
    if (ghost.length > 0) throw fail(`the write refused during quorum loss appeared after recovery (${probeKey})`);
    return {
      status: "pass",
      summary: `stopped ${stopped.length} of ${spec.members.length}; ${survivor.name} refused a write in ${figures.writeRefusedMs} ms and a linearizable read in ${figures.linearizableReadRefusedMs} ms, served a serializable read; writes resumed ${figures.recoveryMs} ms after restart; all ${acknowledged.size} acknowledged keys intact, the refused write absent`,
      figures,
      notes
    };
  }
});

// src/checks/snapshot-restore.ts
import { mkdir as mkdir3, rm as rm4 } from "node:fs/promises";
import path9 from "node:path";
var KEYS_WRITTEN = 100;
var KEYS_OVERWRITTEN = 10;
var KEYS_DELETED = 5;
var REQUEST_TIMEOUT_MS6 = 5e3;
var SNAPSHOT_TIMEOUT_MS = 6e4;
function compareRestored(expected, restored) {
  const found = new Map(restored.map((kv) => [kv.key, kv]));
  const wanted = new Set(expected.map((kv) => kv.key));
  return {
    missing: expected.filter((kv) => !found.has(kv.key)).map((kv) => kv.key),
    changed: expected.filter((kv) => {
      const got = found.get(kv.key);
      return got !== void 0 && (got.value !== kv.value || got.modRevision !== kv.modRevision);
    }).map((kv) => kv.key),
    unexpected: restored.filter((kv) => !wanted.has(kv.key)).map((kv) => kv.key)
  };
}
var some = (keys) => `${keys.length} (e.g. ${keys.slice(0, 3).join(", ")})`;
var snapshotRestoreCheck = defineCheck({
  name: "snapshot-restore",
  proves: "a snapshot streamed from a member (its appended SHA-256 verified) restores, with etcd's own tool and a new token, into a cluster beside the original that has every key, value and revision; the original is untouched",
  byDefault: false,
  minMembers: { count: 1, why: "a snapshot of any cluster restores" },
  stopsMembers: true,
  needs: ["add"],
  async run(ctx) {
    const noSpare = await whyNoSpareMembers(ctx.spec);
    if (noSpare) return { status: "skipped", summary: noSpare, figures: {}, notes: [] };
    const snapshotFile = path9.join(ctx.spec.stateDir, SPARE_DIR, `snapshot-${ctx.spec.runId}.db`);
    const drill = { figures: {}, notes: [], restored: [] };
    let outcome;
    let failure;
    try {
      outcome = await restoreDrill(ctx, snapshotFile, drill);
    } catch (error) {
      failure = error;
    }
    const problems = await discardSpareMembers(ctx, drill.restored);
    await rm4(snapshotFile, { force: true }).catch((error) => problems.push(`${snapshotFile}: ${errorMessage(error)}`));
    if (failure instanceof FaultUnsupportedError) throw failure;
    if (failure !== void 0) {
      const failed = failure instanceof CheckFailure ? failure : new CheckFailure(errorMessage(failure), drill.figures, drill.notes);
      failed.notes.push(...problems.map((problem) => `cleanup: ${problem}`));
      throw failed;
    }
    if (problems.length > 0)
      throw new CheckFailure(
        `the restored cluster could not be removed: ${problems.join("; ")}`,
        drill.figures,
        drill.notes
      );
    return outcome;
  }
});
async function restoreDrill(ctx, snapshotFile, { figures, notes, restored }) {
  const { spec, client, clock, logger, target } = ctx;
  const prefix = `${ctx.keyPrefix}snapshot-restore/`;
  const fail = (message) => new CheckFailure(message, figures, notes);
  const before = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS6);
  if (!before) throw fail("the members did not agree on one leader before the snapshot");
  const source = before.leader;
  const { acknowledged, firstError } = await writeKeys(
    client,
    source.clientUrl,
    prefix,
    KEYS_WRITTEN,
    REQUEST_TIMEOUT_MS6
  );
  if (firstError) throw fail(`a write before the snapshot was refused: ${firstError}`);
  const keys = [...acknowledged.keys()].sort();
  for (const key of keys.slice(0, KEYS_OVERWRITTEN)) {
    await client.put(source.clientUrl, key, `${acknowledged.get(key)}-overwritten`, { timeoutMs: REQUEST_TIMEOUT_MS6 });
    acknowledged.set(key, `${acknowledged.get(key)}-overwritten`);
  }
  const deleted = keys.slice(-KEYS_DELETED);
  for (const key of deleted) {
    if (await client.deletePrefix(source.clientUrl, key, { timeoutMs: REQUEST_TIMEOUT_MS6 }) !== 1)
      throw fail(`deleting ${key} before the snapshot did not delete exactly that key`);
    acknowledged.delete(key);
  }
  const expected = await client.range(source.clientUrl, prefix, { timeoutMs: REQUEST_TIMEOUT_MS6, prefix: true });
  const revisionBefore = await client.revision(source.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS6 });
  await mkdir3(path9.dirname(snapshotFile), { recursive: true, mode: 448 });
  logger.info(`streaming a snapshot from ${source.name} into ${snapshotFile}`);
  const snapshotAt = clock.now();
  const { bytes } = await client.snapshot(source.clientUrl, snapshotFile, { timeoutMs: SNAPSHOT_TIMEOUT_MS }).catch((error) => {
    throw fail(`the snapshot from ${source.name} failed: ${errorMessage(error)}`);
  });
  figures.snapshotMs = roundMs(clock.now() - snapshotAt);
  figures.snapshotBytes = bytes;
  const revisionAfter = await client.revision(source.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS6 });
  notes.push(
    `${bytes} bytes from ${source.name} in ${figures.snapshotMs} ms; the SHA-256 etcd appended matched; the store was at revision ${revisionBefore}`
  );
  const names = spec.members.map((_, index) => `restored-${index + 1}`);
  const placed = await placeSpareMembers(ctx, names);
  const token = `${spec.token}-restored-${Math.floor(clock.wallNow()).toString(36)}`;
  const initialCluster = initialClusterOf(placed);
  const members = placed.map((member) => ({ ...member, bootstrap: { initialCluster, token, state: "new" } }));
  restored.push(...members);
  const restoreAt = clock.now();
  let command = "";
  for (const member of members) {
    command = await target.restoreSnapshot(member, snapshotFile).catch((error) => {
      throw fail(`restoring the snapshot for ${member.name} failed: ${errorMessage(error)}`);
    });
  }
  figures.restoreMs = roundMs(clock.now() - restoreAt);
  notes.push(`restored ${members.length} data dirs in ${figures.restoreMs} ms, the last with: ${command}`);
  const startedAt = clock.now();
  for (const member of members) await target.start(member);
  const restoredSpec = { ...spec, token, members, initialCluster };
  const { leader } = await waitForHealthyCluster(restoredSpec, target, client, { clock, members }).catch(
    (error) => {
      throw fail(`the restored cluster did not become healthy: ${errorMessage(error)}`);
    }
  );
  figures.restoredHealthyMs = roundMs(clock.now() - startedAt);
  const listed = (await client.memberList(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS6 })).map((member) => member.name).sort();
  if (listed.join(",") !== names.join(","))
    throw fail(`the restored cluster lists the members ${listed.join(", ")}, not ${names.join(", ")}`);
  const got = await client.range(leader.clientUrl, prefix, { timeoutMs: REQUEST_TIMEOUT_MS6, prefix: true });
  const { missing, changed, unexpected } = compareRestored(expected, got);
  figures.keysRestored = expected.length - missing.length - changed.length;
  if (missing.length > 0)
    throw fail(`the restored cluster lacks ${some(missing)} of the ${expected.length} keys of the snapshot`);
  if (changed.length > 0)
    throw fail(`the restored cluster has another value or revision for ${some(changed)} keys of the snapshot`);
  if (unexpected.length > 0)
    throw fail(`the restored cluster has ${some(unexpected)} keys the snapshot did not (deleted before it was taken)`);
  const revision = await client.revision(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS6 });
  figures.revisionRestored = revision;
  if (revision < revisionBefore || revision > revisionAfter) {
    throw fail(
      `the restored cluster is at revision ${revision}; the snapshot was taken at ${revisionBefore === revisionAfter ? revisionBefore : `${revisionBefore} to ${revisionAfter}`}`
    );
  }
  const after = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS6);
  if (!after) throw fail("the original members did not agree on one leader after the restore");
  const original = (await client.memberList(after.leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS6 })).map((member) => member.name).sort();
  const originalNames = spec.members.map((member) => member.name).sort();
  if (original.join(",") !== originalNames.join(","))
    throw fail(
      `the original cluster lists the members ${original.join(", ")} after the restore, not ${originalNames.join(", ")}`
    );
  const lost = await findLostKeys(client, after.leader.clientUrl, prefix, acknowledged, {
    timeoutMs: REQUEST_TIMEOUT_MS6
  });
  figures.keysAcknowledged = acknowledged.size;
  figures.keysLost = lost.length;
  if (lost.length > 0) throw fail(`the original cluster lacks ${some(lost)} acknowledged keys after the snapshot`);
  return {
    status: "pass",
    summary: `a ${bytes}-byte snapshot from ${source.name} (hash verified) restored in ${figures.restoreMs} ms into ${members.length} new members with a new token; all ${figures.keysRestored} keys and revision ${revision} came back, no deleted key; the original kept all ${acknowledged.size} acknowledged keys`,
    figures,
    notes
  };
}

// src/checks/status-check.ts
var REQUEST_TIMEOUT_MS7 = 3e3;
async function readStatusTable(spec, client, clock) {
  let slowestHealthMs = 0;
  const health = await Promise.all(
    spec.members.map(async (member) => {
      const started = clock.now();
      try {
        await client.health(member.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS7 });
        slowestHealthMs = Math.max(slowestHealthMs, clock.now() - started);
        return void 0;
      } catch (error) {
        return errorMessage(error);
      }
    })
  );
  const statuses = await collectStatus(client, spec.members, REQUEST_TIMEOUT_MS7);
  const rows = statuses.map((row, index) => {
    const problems = [health[index], row.error, ...row.status?.errors ?? []].filter((p) => !!p);
    return {
      name: row.member.name,
      endpoint: row.member.clientUrl,
      status: row.status,
      healthy: problems.length === 0,
      error: problems.length > 0 ? problems.join("; ") : void 0
    };
  });
  return { rows, slowestHealthMs };
}
var statusCheck = defineCheck({
  name: "status",
  proves: "every endpoint is healthy, exactly one member is the leader and every member names it",
  byDefault: true,
  stopsMembers: false,
  async run(ctx) {
    const { rows, slowestHealthMs } = await readStatusTable(ctx.spec, ctx.client, ctx.clock);
    const answered = rows.filter((row) => row.status);
    const leaders = answered.filter((row) => row.status?.isLeader);
    const agreed = agreedLeader(rows);
    const figures = {
      members: rows.length,
      healthy: rows.filter((row) => row.healthy).length,
      leaders: leaders.length,
      slowestHealthMs: roundMs(slowestHealthMs),
      raftTerm: Math.max(0, ...answered.map((row) => row.status?.raftTerm ?? 0)),
      largestDbSizeBytes: Math.max(0, ...answered.map((row) => row.status?.dbSize ?? 0))
    };
    const problems = rows.filter((row) => !row.healthy).map((row) => `${row.name} (${row.endpoint}) is not healthy: ${row.error}`);
    if (leaders.length !== 1) problems.push(`${leaders.length} members say they are the leader; exactly one must`);
    if (answered.length === rows.length && !agreed) {
      problems.push(
        `members disagree on the leader: ${answered.map((row) => `${row.name} says ${row.status?.leader ?? "none"}`).join(", ")}`
      );
    }
    if (problems.length > 0) {
      return { status: "fail", summary: problems.join("; "), figures, notes: [], members: rows };
    }
    const leader = leaders[0];
    return {
      status: "pass",
      summary: `all ${rows.length} members healthy; ${leader.name} (${leader.status?.id}) is the one leader every member names`,
      figures,
      notes: [],
      members: rows
    };
  }
});

// src/checks/tls.ts
import { readFile as readFile3 } from "node:fs/promises";

// src/checks/cis-audit.ts
var CIS_ITEMS = {
  "2.1": "cert-file and key-file are set: clients are served over TLS",
  "2.2": "client-cert-auth is true",
  "2.3": "auto-tls is not true",
  "2.4": "peer-cert-file and peer-key-file are set: peers talk over TLS",
  "2.5": "peer-client-cert-auth is true",
  "2.6": "peer-auto-tls is not true",
  "2.7": "a unique certificate authority is used for etcd"
};
function rulesByItem() {
  const byItem = /* @__PURE__ */ new Map();
  for (const rule of RULE_LIST) {
    if (rule.info.cis === void 0 || !rule.member) continue;
    byItem.set(rule.info.cis, [...byItem.get(rule.info.cis) ?? [], rule]);
  }
  return byItem;
}
function memberConfigOf(member) {
  const settings = member.settings.map(([name, value], index) => ({
    name,
    value: value === true ? "true" : value === false ? "false" : value,
    key: `--${name}`,
    source: "flag",
    at: { file: member.source, line: index + 1, column: 1 }
  }));
  return { name: member.name, form: "systemd-unit", file: member.source, settings, includes: [] };
}
function auditCis(members, version) {
  const byItem = rulesByItem();
  const configs = members.map(memberConfigOf);
  return Object.entries(CIS_ITEMS).map(([id, requirement]) => {
    const rules = byItem.get(id) ?? [];
    if (rules.length === 0) throw new Error(`no lint rule judges CIS ${id}`);
    const findings = configs.flatMap(
      (config) => rules.flatMap(
        (rule) => (rule.member?.(config, { version }) ?? []).map((finding) => ({
          member: config.name,
          rule: finding.rule,
          message: finding.message
        }))
      )
    );
    return { id, requirement, rules: rules.map((rule) => rule.info), findings };
  });
}

// src/checks/tls-probe.ts
import { request as httpRequest2 } from "node:http";
import { connect as http2Connect, constants as http2Constants } from "node:http2";
import { request as httpsRequest } from "node:https";
import { connect as netConnect, isIP as isIP5 } from "node:net";
import {
  connect as tlsConnect,
  createServer as createTlsServer
} from "node:tls";
function verdictOf(end) {
  if (end.kind === "answered") return "through";
  if (end.kind === "timeout") return "unanswered";
  return "refused";
}
function describeEnd(end) {
  switch (end.kind) {
    case "answered":
      if (end.grpcStatus === 0) return "the Range request was served";
      if (end.grpcStatus !== void 0)
        return `etcd's API answered with gRPC error ${end.grpcStatus}${end.grpcMessage ? ` (${end.grpcMessage})` : ""}`;
      return `answered with HTTP status ${end.httpStatus}`;
    case "https-only":
      return `answered 400: ${end.message}`;
    case "alert":
      return `handshake alert: ${end.alert}`;
    case "reset":
      return "connection reset by the server";
    case "closed":
      return "connection closed by the server without an answer";
    case "no-listener":
      return "connection refused: nothing listens there";
    case "error":
      return `${end.code}: ${end.message}`;
    case "timeout":
      return `no answer within ${end.ms} ms`;
    default: {
      const unknown = end;
      throw new Error(`unknown probe end ${JSON.stringify(unknown)}`);
    }
  }
}
var ALERT_CODE = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_(.+)$/;
var ALERT_MESSAGE = /(?:sslv3|tlsv1|tlsv13) alert ([a-z ]+?)(?::|$)/i;
function endOfError(error) {
  const code = error.code ?? "";
  const alert = ALERT_CODE.exec(code)?.[1].toLowerCase().replace(/_/g, " ") ?? ALERT_MESSAGE.exec(error.message)?.[1].toLowerCase();
  if (alert) return { kind: "alert", alert };
  if (code === "ECONNRESET" || code === "EPIPE") return { kind: "reset" };
  if (code === "ECONNREFUSED") return { kind: "no-listener" };
  return {
    kind: "error",
    code: code || error.name,
    message: error.message.split("\n")[0].replace(/^[0-9A-F]+:error:[0-9A-F]+:/, "")
  };
}
function grpcFrame(message) {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}
var hostOf2 = (url) => url.hostname.replace(/^\[(.*)\]$/, "$1");
function grpcMessage(value) {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return void 0;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
function probe(request2) {
  return request2.speaks === "grpc" ? probeGrpc(request2) : probeHttp1(request2);
}
function tlsOptions(host, tls) {
  return {
    servername: isIP5(host) ? void 0 : host,
    // The probe tests what the member refuses, not its certificate: a name mismatch must not end it first.
    rejectUnauthorized: false,
    ...tls
  };
}
var GO_HTTPS_ONLY = /Client sent an HTTP request to an HTTPS server/;
var BODY_LIMIT = 4096;
function probeHttp1(request2) {
  return new Promise((resolve) => {
    const url = new URL("/version", request2.url);
    const host = hostOf2(url);
    const common = { host, port: Number(url.port), path: "/version", method: "GET", agent: false };
    const get = request2.tls ? httpsRequest({ ...common, ...tlsOptions(host, request2.tls) }) : httpRequest2(common);
    let settled = false;
    const finish = (end) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      get.destroy();
      resolve(end);
    };
    const timer = setTimeout(() => finish({ kind: "timeout", ms: request2.timeoutMs }), request2.timeoutMs);
    get.on("error", (error) => finish(endOfError(error)));
    get.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => {
        if (body.length < BODY_LIMIT) body += chunk;
      });
      response.on("error", (error) => finish(endOfError(error)));
      response.on("close", () => {
        const status = response.statusCode ?? 0;
        finish(
          status === 400 && GO_HTTPS_ONLY.test(body) ? { kind: "https-only", message: body.trim() } : { kind: "answered", httpStatus: status }
        );
      });
    });
    get.end();
  });
}
function probeGrpc(request2) {
  return new Promise((resolve) => {
    const url = new URL(request2.url);
    const host = hostOf2(url);
    const port = Number(url.port);
    const socket = request2.tls ? tlsConnect({ host, port, ALPNProtocols: ["h2"], ...tlsOptions(host, request2.tls) }) : netConnect({ host, port });
    let answer;
    let settled = false;
    const finish = (end) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session.destroy();
      socket.destroy();
      resolve(end);
    };
    const timer = setTimeout(() => finish({ kind: "timeout", ms: request2.timeoutMs }), request2.timeoutMs);
    const answered = (headers) => {
      const status = headers["grpc-status"];
      finish({
        kind: "answered",
        httpStatus: Number(answer?.[":status"] ?? 0),
        grpcStatus: status === void 0 ? void 0 : Number(status),
        grpcMessage: grpcMessage(headers["grpc-message"])
      });
    };
    socket.on("error", (error) => finish(endOfError(error)));
    const session = http2Connect(`${request2.tls ? "https" : "http"}://${url.host}`, { createConnection: () => socket });
    session.on("error", (error) => finish(endOfError(error)));
    const stream = session.request({
      [http2Constants.HTTP2_HEADER_METHOD]: "POST",
      [http2Constants.HTTP2_HEADER_PATH]: "/etcdserverpb.KV/Range",
      "content-type": "application/grpc",
      te: "trailers"
    });
    stream.on("error", (error) => finish(endOfError(error)));
    stream.on("response", (headers) => {
      answer = headers;
      if (headers["grpc-status"] !== void 0) answered(headers);
    });
    stream.on("trailers", (trailers) => answered(trailers));
    stream.on("close", () => {
      if (answer) answered(answer);
      else setImmediate(() => finish(socket.errored ? endOfError(socket.errored) : { kind: "closed" }));
    });
    stream.resume();
    stream.end(grpcFrame(encodeRangeRequest({ key: Buffer.from(request2.key) })));
  });
}
function whyCannotOffer(tls, server, timeoutMs) {
  return new Promise((resolve) => {
    const listener = createTlsServer(
      { ...server, minVersion: tls.minVersion, maxVersion: tls.maxVersion, ciphers: tls.ciphers },
      (connection) => connection.on("error", () => void 0)
    );
    let client;
    let settled = false;
    const finish = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client?.destroy();
      listener.close();
      resolve(why);
    };
    const timer = setTimeout(
      () => finish(`no handshake with a TLS server on this machine within ${timeoutMs} ms`),
      timeoutMs
    );
    listener.on(
      "tlsClientError",
      (error) => finish(`a TLS server on this machine refused it too: ${describeEnd(endOfError(error))}`)
    );
    listener.on("error", (error) => finish(`could not listen on loopback to find out: ${error.message}`));
    listener.listen(0, "127.0.0.1", () => {
      const address = listener.address();
      const port = typeof address === "object" && address ? address.port : 0;
      client = tlsConnect({ host: "127.0.0.1", port, rejectUnauthorized: false, ...tls });
      client.on("secureConnect", () => {
        const protocol = client?.getProtocol();
        finish(protocol === tls.maxVersion ? void 0 : `this machine's TLS made a ${protocol} handshake instead`);
      });
      client.on("error", (error) => finish(`this machine's TLS client could not: ${describeEnd(endOfError(error))}`));
    });
  });
}

// src/checks/tls.ts
var PROBE_TIMEOUT_MS = 3e3;
var DAY_MS2 = 24 * 60 * 60 * 1e3;
var SUMMARY_PROBLEMS = 3;
var TLS_PROBES = ["no-cert", "other-ca", "expired", "plaintext", "tls-1.1"];
var PROBE_LABELS = {
  control: "a valid certificate (control)",
  "no-cert": "a client without a certificate",
  "other-ca": "a certificate from another CA",
  expired: "an expired certificate of the cluster's CA",
  plaintext: "plaintext",
  "tls-1.1": "TLS 1.1 with a valid certificate"
};
var TLS_1_1 = { minVersion: "TLSv1.1", maxVersion: "TLSv1.1", ciphers: "DEFAULT@SECLEVEL=0" };
async function probeMaterial(spec, wallNow) {
  const now = new Date(wallNow);
  const [cert, key] = await Promise.all([
    readFile3(spec.pki.apiserverClientCert, "utf8"),
    readFile3(spec.pki.apiserverClientKey, "utf8")
  ]);
  const valid = { cert, key };
  const day = { validityDays: 1, now };
  const [foreignCaKey, foreignClientKey, selfTestKey, expiredKey] = await Promise.all(
    Array.from({ length: 4 }, () => newKey(DEFAULT_KEY_ALGORITHM))
  );
  const foreignCa = await createCertificateAuthority(foreignCaKey, day);
  const [foreign, selfTestServer] = await Promise.all([
    issueCertificate(foreignCa, foreignClientKey, { commonName: "etcd-ha-tls-probe", usages: ["clientAuth"] }, day),
    issueCertificate(
      foreignCa,
      selfTestKey,
      { commonName: "localhost", altNames: { dns: ["localhost"], ips: ["127.0.0.1"] }, usages: ["serverAuth"] },
      day
    )
  ]);
  const tls11 = { ...valid, ...TLS_1_1 };
  const cannotOffer = await whyCannotOffer(
    tls11,
    { cert: selfTestServer.certPem, key: selfTestServer.keyPem },
    PROBE_TIMEOUT_MS
  );
  return {
    control: { tls: valid },
    "no-cert": { tls: {} },
    "other-ca": { tls: { cert: foreign.certPem, key: foreign.keyPem } },
    expired: await expiredCertificate(spec, expiredKey, now).then(
      (expired) => ({ tls: { cert: expired.certPem, key: expired.keyPem } }),
      (error) => ({ skipped: error.message })
    ),
    plaintext: {},
    "tls-1.1": cannotOffer === void 0 ? { tls: tls11 } : {
      skipped: `this machine's TLS client cannot offer TLS 1.1, so nothing was proven about it (${cannotOffer})`
    }
  };
}
async function expiredCertificate(spec, key, now) {
  let caKey;
  try {
    caKey = await readFile3(spec.pki.caKey, "utf8");
  } catch (error) {
    const code = error.code;
    throw new Error(
      `the PKI has no CA key (${spec.pki.caKey}${code && code !== "ENOENT" ? `: ${code}` : ""}), as a provided PKI may not: no expired certificate of the cluster's CA could be made`
    );
  }
  try {
    const ca = await loadCertificateAuthority(await readFile3(spec.pki.caCert, "utf8"), caKey);
    return await issueCertificate(
      ca,
      key,
      { commonName: "etcd-ha-tls-probe-expired", usages: ["clientAuth"] },
      { validityDays: 1, now: new Date(now.getTime() - 2 * DAY_MS2) }
    );
  } catch (error) {
    throw new Error(`no expired certificate of the cluster's CA could be made: ${errorMessage(error)}`);
  }
}
function probedUrls(spec) {
  return spec.members.flatMap((member) => [
    { member: member.name, port: "client", url: member.clientUrl },
    ...member.peerUrl ? [{ member: member.name, port: "peer", url: member.peerUrl }] : []
  ]);
}
var isPlain = (url) => url.startsWith("http://");
async function probeUrl(at2, material, key, timeoutMs = PROBE_TIMEOUT_MS) {
  const speaks = at2.port === "client" ? "grpc" : "http1";
  const records = [];
  for (const name of ["control", ...TLS_PROBES]) {
    const plainUrl = isPlain(at2.url);
    const presents = plainUrl && name === "control" ? {} : material[name];
    if (plainUrl && name !== "plaintext" && name !== "control")
      records.push({ at: at2, probe: name, skipped: `the ${at2.port} URL is http: there is no TLS to probe` });
    else if ("skipped" in presents) records.push({ at: at2, probe: name, skipped: presents.skipped });
    else
      records.push({ at: at2, probe: name, end: await probe({ url: at2.url, tls: presents.tls, speaks, key, timeoutMs }) });
  }
  return records;
}
var RESULT_WORDS = {
  refused: "refused",
  through: "GOT THROUGH",
  unanswered: "NO ANSWER"
};
function resultOf(record) {
  if (!record.end) return "skipped";
  const verdict = verdictOf(record.end);
  if (record.probe === "control") return verdict === "through" ? "served" : "NOT SERVED";
  return RESULT_WORDS[verdict];
}
function probeTable(records) {
  const rows = /* @__PURE__ */ new Map();
  for (const record of records) {
    const cells = [
      PROBE_LABELS[record.probe],
      record.at.port,
      record.end ? describeEnd(record.end) : record.skipped ?? "",
      resultOf(record)
    ];
    const id = cells.join("\n");
    const row = rows.get(id) ?? { cells, members: [] };
    row.members.push(record.at.member);
    rows.set(id, row);
  }
  return {
    title: "Probes (client ports: a gRPC Range; peer ports: GET /version)",
    headers: ["PROBE", "PORT", "MEMBERS", "WHAT HAPPENED", "RESULT"],
    rows: [...rows.values()].map(({ cells: [probe2, port, happened, result], members }) => [
      probe2,
      port,
      members.join(", "),
      happened,
      result
    ])
  };
}
function probeProblems(records) {
  return records.flatMap((record) => {
    if (!record.end) return [];
    const where2 = `${record.at.member}'s ${record.at.port} URL ${record.at.url}`;
    const verdict = verdictOf(record.end);
    const happened = describeEnd(record.end);
    if (record.probe === "control") {
      return verdict === "through" ? [] : [
        `a client with a valid certificate was not served on ${where2} (${happened}), so what it refused proves nothing`
      ];
    }
    if (verdict === "through") return [`${PROBE_LABELS[record.probe]} got through on ${where2}: ${happened}`];
    if (verdict === "unanswered")
      return [`${PROBE_LABELS[record.probe]} on ${where2} was neither refused nor answered: ${happened}`];
    return [];
  });
}
function cisTable(rows) {
  return {
    title: "CIS Kubernetes Benchmark, etcd (the members' settings as they run, judged by the lint rules)",
    headers: ["CIS", "REQUIREMENT", "LINT RULES", "RESULT"],
    rows: rows.map((row) => [
      row.id,
      row.requirement,
      row.rules.map((rule) => rule.id).join(", "),
      row.findings.length === 0 ? "pass" : `FAIL (${[...new Set(row.findings.map((finding) => finding.member))].join(", ")})`
    ])
  };
}
function cisNotes(rows) {
  return rows.flatMap((row) => {
    const byMessage = /* @__PURE__ */ new Map();
    for (const finding of row.findings) {
      const message = `${finding.rule}: ${finding.message}`;
      byMessage.set(message, [.../* @__PURE__ */ new Set([...byMessage.get(message) ?? [], finding.member])]);
    }
    return [...byMessage.entries()].map(([message, members]) => `CIS ${row.id} on ${members.join(", ")}: ${message}`);
  });
}
async function reportedVersion(ctx) {
  for (const member of ctx.spec.members) {
    try {
      return (await ctx.client.status(member.clientUrl, { timeoutMs: PROBE_TIMEOUT_MS })).version;
    } catch {
    }
  }
  return "";
}
var settingsKnown = (spec) => spec.members.every((member) => member.peerUrl !== "");
var tlsCheck = defineCheck({
  name: "tls",
  proves: "every member's client and peer URL refuse a client without a certificate, one from another CA, an expired one, plaintext and TLS 1.1, while serving a valid certificate; the members' settings meet CIS Kubernetes Benchmark etcd 2.1\u20132.7",
  byDefault: false,
  stopsMembers: false,
  async run(ctx) {
    const { spec } = ctx;
    const notes = [];
    const material = await probeMaterial(spec, ctx.clock.wallNow());
    for (const presents of Object.values(material)) if ("skipped" in presents) notes.push(presents.skipped);
    const known = settingsKnown(spec);
    if (!known)
      notes.push("the peer URLs of a cluster given by its endpoints are not known: only the client URLs were probed");
    const urls = probedUrls(spec);
    const records = (await Promise.all(urls.map((at2) => probeUrl(at2, material, `${ctx.keyPrefix}tls-probe`)))).flat();
    const tried = records.filter((record) => record.probe !== "control" && record.end);
    const refused = tried.filter((record) => record.end && verdictOf(record.end) === "refused").length;
    const problems = probeProblems(records);
    const plainUrls = urls.filter((at2) => isPlain(at2.url));
    if (plainUrls.some((at2) => at2.port === "client"))
      problems.unshift(
        `the cluster serves clients over http (${plainUrls.filter((at2) => at2.port === "client").map((at2) => at2.url).join(", ")})`
      );
    const tables = [probeTable(records)];
    const figures = { probes: tried.length, refused };
    if (known) {
      const version = parseEtcdVersion(await reportedVersion(ctx));
      const rows = auditCis(
        spec.members.map((member) => ({
          name: member.name,
          source: member.configured?.file ?? `${member.name} (etcd-ha's settings)`,
          settings: memberSettings(spec, member)
        })),
        version
      );
      tables.push(cisTable(rows));
      notes.push(...cisNotes(rows));
      const cisFailed = rows.filter((row) => row.findings.length > 0).map((row) => row.id);
      figures.cisPassed = rows.length - cisFailed.length;
      figures.cisFailed = cisFailed.length;
      if (cisFailed.length > 0) problems.push(`CIS ${cisFailed.join(", ")} not met (see the notes)`);
    } else {
      notes.push(
        "the settings of a cluster given by its endpoints are not known: the CIS audit was not made (run `etcd-ha lint` on the members' configuration)"
      );
    }
    if (problems.length > 0) {
      const more = problems.length > SUMMARY_PROBLEMS ? `; and ${problems.length - SUMMARY_PROBLEMS} more (see the tables)` : "";
      return { status: "fail", summary: problems.slice(0, SUMMARY_PROBLEMS).join("; ") + more, figures, notes, tables };
    }
    const cis = known ? "; the members meet CIS 2.1\u20132.7" : "";
    return {
      status: "pass",
      summary: `all ${tried.length} probes refused on ${urls.length} URLs, a valid certificate served on each${cis}`,
      figures,
      notes,
      tables
    };
  }
});

// src/checks/registry.ts
var CHECKS = [
  statusCheck,
  failoverCheck,
  quorumLossCheck,
  partitionCheck,
  membershipCheck,
  snapshotRestoreCheck,
  historyCheck,
  tlsCheck
];
var CHECK_NAMES = CHECKS.map((check) => check.name);
var DEFAULT_CHECKS = CHECKS.filter((check) => check.byDefault).map(
  (check) => check.name
);
function checkNamed(name) {
  const check = CHECKS.find((candidate) => candidate.name === name);
  if (!check) throw new Error(`no check named ${name}`);
  return check;
}
function checksMayUse(names, fault) {
  return names.some((name) => {
    const check = checkNamed(name);
    return check.stopsMembers && (check.needs.includes(fault) || (check.uses ?? []).includes(fault));
  });
}
function isCheckName(name) {
  return CHECK_NAMES.includes(name);
}

// src/targets/local/loopback-block.ts
import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";

// src/util/proc-net-tcp.ts
function tcpListeners(table) {
  const listeners = [];
  for (const line of table.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || fields[3] !== "0A") continue;
    const [hex, portHex] = fields[1].split(":");
    const port = Number.parseInt(portHex ?? "", 16);
    if (!Number.isInteger(port)) continue;
    const address = hex.length === 8 ? [6, 4, 2, 0].map((at2) => Number.parseInt(hex.slice(at2, at2 + 2), 16)).join(".") : hex;
    listeners.push({ address, port });
  }
  return listeners;
}

// src/targets/local/loopback-block.ts
function loopbackListeners(read = (file) => readFileSync(file, "utf8")) {
  try {
    return new Set(tcpListeners(read("/proc/net/tcp")).map((listener) => listener.address));
  } catch {
    return /* @__PURE__ */ new Set();
  }
}
function freeLoopbackBase(listeners = loopbackListeners(), random = randomInt) {
  const busy = new Set([...listeners].filter((address) => address.startsWith("127.0.")).map((a) => a.split(".")[2]));
  const start = random(1, 255);
  for (let offset = 0; offset < 254; offset++) {
    const block = (start - 1 + offset) % 254 + 1;
    if (!busy.has(String(block))) return `127.0.${block}.11`;
  }
  return "127.0.0.11";
}

// src/config/options.ts
var DEFAULT_ETCD_VERSION = "3.6.16";
var DEFAULT_DOWNLOAD_URL = "https://github.com/etcd-io/etcd/releases/download";
var MIN_ETCD_VERSION = [3, 4, 0];
var inputLabel = (name) => `input '${name}'`;
var flagLabel = (name) => `--${name}`;
function optionReader(source, label) {
  const raw = (name) => {
    const value = source(name);
    return value === void 0 || value.trim() === "" ? void 0 : value.trim();
  };
  const fail = (name, value, allowed) => {
    throw new ConfigurationError(`${label(name)} is '${value}'; allowed: ${allowed}`);
  };
  return {
    label,
    raw,
    fail,
    integer(name, fallback, min, max) {
      const value = raw(name);
      if (value === void 0) return fallback;
      if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        fail(name, value, `a whole number from ${min} to ${max}`);
      }
      return Number(value);
    },
    oneOf(name, fallback, allowed) {
      const value = raw(name);
      if (value === void 0) return fallback;
      const match = allowed.find((candidate) => String(candidate) === value);
      if (match === void 0) fail(name, value, `one of ${allowed.join(", ")}`);
      return match;
    },
    bool(name, fallback) {
      const value = raw(name);
      if (value === void 0) return fallback;
      if (/^(true|yes|1)$/i.test(value)) return true;
      if (/^(false|no|0)$/i.test(value)) return false;
      return fail(name, value, "true or false");
    },
    list(name) {
      const value = raw(name);
      return value === void 0 ? [] : value.split(/[\s,]+/).map((item) => item.trim()).filter((item) => item !== "");
    }
  };
}
var DNS_NAME2 = /^(?=.{1,253}$)(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
var DNS_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
function parseMemberList(read) {
  const entries = read.list("member-list");
  if (entries.length === 0) return void 0;
  const allowed = "name=address entries (a DNS label, then an IP address or DNS name), one per member, comma- or newline-separated";
  const list = entries.map((entry) => {
    const [name, address, ...rest] = entry.split("=");
    if (!name || !address || rest.length > 0 || !DNS_LABEL.test(name) || isIP6(address) === 0 && !DNS_NAME2.test(address)) {
      read.fail("member-list", entry, allowed);
    }
    return { name, address };
  });
  for (const key of ["name", "address"]) {
    const seen = /* @__PURE__ */ new Set();
    for (const member of list) {
      if (seen.has(member[key]))
        read.fail("member-list", read.raw("member-list") ?? "", `${allowed}; the ${key} ${member[key]} appears twice`);
      seen.add(member[key]);
    }
  }
  if (list.length > 9)
    read.fail("member-list", read.raw("member-list") ?? "", `at most 9 members (${list.length} given)`);
  return list;
}
var FIXED_LOOPBACK_BASE = "127.0.0.11";
var LOOPBACK_BASE = {
  defaultBase: () => FIXED_LOOPBACK_BASE,
  baseProblem: (octets, isIpv4, members) => !isIpv4 || octets[0] !== 127 || octets[3] < 1 || octets[3] + members - 1 > 254 ? `an IPv4 loopback address 127.x.y.z with z from 1 to ${255 - members} (one address per member, counting up)` : void 0
};
function addressingOf(target) {
  switch (target.kind) {
    case "local":
      return { refused: [], ...LOOPBACK_BASE };
    case "container":
      return {
        refused: [{ name: "member-list", allowed: "nothing when target is container (use base-address)" }],
        // A /24 of its own per run.
        defaultBase: () => `172.30.${randomInt2(16, 240)}.11`,
        // .1 is the network's gateway; members count up from the base within its /24.
        baseProblem: (octets, isIpv4, members) => !isIpv4 || octets[0] === 127 || octets[0] === 0 || octets[0] >= 224 || octets[3] < 2 || octets[3] + members - 1 > 254 ? `an IPv4 address a.b.c.z, not loopback, with z from 2 to ${255 - members}: the members' network is a.b.c.0/24 (gateway a.b.c.1)` : void 0
      };
    case "ssh":
      return {
        refused: ["member-list", "base-address"].map((name) => ({
          name,
          allowed: "nothing when target is ssh (the members are the hosts)"
        })),
        implied: {
          list: target.hosts.map((host, index) => ({ name: `etcd-${index + 1}`, address: host.host })),
          option: "hosts"
        },
        ...LOOPBACK_BASE
      };
    default:
      return unhandledKind(target);
  }
}
function parseTopology(read, target = { kind: "local" }, { freeLoopbackBlock = false } = {}) {
  const addressing = addressingOf(target);
  for (const { name, allowed } of addressing.refused) {
    const value = read.raw(name);
    if (value !== void 0) read.fail(name, value, allowed);
  }
  const memberList = addressing.implied?.list ?? parseMemberList(read);
  const members = read.integer("members", memberList?.length ?? 3, 1, 9);
  if (memberList && members !== memberList.length) {
    const source = addressing.implied?.option ?? "member-list";
    read.fail("members", String(members), `${memberList.length}, the number of entries in ${source} (or leave it out)`);
  }
  const baseAddress = read.raw("base-address") ?? (freeLoopbackBlock && target.kind === "local" ? freeLoopbackBase() : addressing.defaultBase());
  const baseProblem = addressing.baseProblem(baseAddress.split(".").map(Number), isIP6(baseAddress) === 4, members);
  if (baseProblem !== void 0) read.fail("base-address", baseAddress, baseProblem);
  const clientPort = read.integer("client-port", 2379, 1024, 65535);
  const peerPort = read.integer("peer-port", 2380, 1024, 65535);
  if (clientPort === peerPort) {
    read.fail("peer-port", String(peerPort), `a port other than the client port ${clientPort}`);
  }
  const extraSans = read.list("extra-sans");
  for (const san of extraSans) {
    if (isIP6(san) === 0 && !DNS_NAME2.test(san)) {
      read.fail("extra-sans", san, "IP addresses and DNS names, separated by commas or new lines");
    }
  }
  return {
    members,
    ...memberList ? { memberList } : {},
    baseAddress,
    clientPort,
    peerPort,
    extraSans,
    certValidityDays: read.integer("cert-validity-days", 365, 1, 3650),
    keyAlgorithm: parseKeyAlgorithm(read)
  };
}
function parseKeyAlgorithm(read) {
  refuseReplacedOptions(read);
  return read.oneOf("key-algorithm", DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS);
}
function refuseReplacedOptions(read) {
  const keySize = read.raw("key-size");
  if (keySize !== void 0) {
    const name = (option) => read.label === flagLabel ? `--${option}` : option;
    const algorithm = `rsa-${keySize}`;
    const hint = KEY_ALGORITHMS.includes(algorithm) ? `${name("key-size")} '${keySize}' is ${name("key-algorithm")} ${algorithm}` : `allowed: ${name("key-algorithm")}, one of ${KEY_ALGORITHMS.join(", ")}`;
    throw new ConfigurationError(
      `${read.label("key-size")} was replaced by ${name("key-algorithm")} (e.g. rsa-2048); ${hint}`
    );
  }
}
function parseTiming(read) {
  const heartbeatMs = read.integer("heartbeat-ms", 100, 10, 1e4);
  const electionMs = read.integer("election-ms", 1e3, 50, 5e4);
  if (electionMs < 5 * heartbeatMs) {
    read.fail(
      "election-ms",
      String(electionMs),
      `at least 5 x heartbeat-ms (${5 * heartbeatMs} for heartbeat-ms ${heartbeatMs}), as etcd requires`
    );
  }
  const startupTimeoutMs = read.integer("startup-timeout-seconds", 60, 1, 600) * 1e3;
  return { heartbeatMs, electionMs, startupTimeoutMs };
}
function parseEtcdVersion2(value) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(value);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : void 0;
}
function compareVersions(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
function parseEtcdBinary(read) {
  const etcdVersion = read.raw("etcd-version");
  if (etcdVersion !== void 0) {
    const parsed = parseEtcdVersion2(etcdVersion);
    if (!parsed || compareVersions(parsed, MIN_ETCD_VERSION) < 0) {
      read.fail("etcd-version", etcdVersion, `a release version such as ${DEFAULT_ETCD_VERSION}, 3.4.0 or later`);
    }
  }
  const downloadUrl = read.raw("etcd-download-url") ?? DEFAULT_DOWNLOAD_URL;
  let url;
  try {
    url = new URL(downloadUrl);
  } catch {
    url = void 0;
  }
  const loopback = url !== void 0 && /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname);
  if (!url || url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    read.fail(
      "etcd-download-url",
      downloadUrl,
      "an https URL of a folder laid out like etcd release downloads (http only to localhost, 127.x.y.z or [::1])"
    );
  }
  return {
    etcdPath: read.raw("etcd-path"),
    etcdVersion: etcdVersion?.replace(/^v/, ""),
    downloadUrl: downloadUrl.replace(/\/+$/, "")
  };
}
function parseProvidedPki(read) {
  return { pkiDir: read.raw("pki-dir"), minValidityDays: read.integer("min-cert-validity-days", 7, 0, 3650) };
}
function parseCheckSelection(read, members) {
  const allowed = `a list of ${CHECK_NAMES.join(", ")}, or all`;
  const names = read.list("checks");
  const raw = read.raw("checks");
  if (raw !== void 0 && names.length === 0) read.fail("checks", raw, allowed);
  const checks = [];
  const required = /* @__PURE__ */ new Set();
  for (const name of names.length === 0 ? DEFAULT_CHECKS : names) {
    if (name === "all") checks.push(...CHECK_NAMES);
    else if (isCheckName(name)) {
      checks.push(name);
      required.add(name);
    } else read.fail("checks", name, allowed);
  }
  const unique = [...new Set(checks)];
  const tooFew = CHECKS.filter((check) => required.has(check.name) && (check.minMembers?.count ?? 1) > members);
  if (tooFew.length > 0) {
    const needed = Math.max(...tooFew.map((check) => check.minMembers?.count ?? 1));
    const counts = needed <= 3 ? "3, 5 or 7" : needed <= 5 ? "5 or 7" : `${needed} to 9`;
    const why = [...new Set(tooFew.map((check) => check.minMembers?.why))].join("; ");
    const fitting = unique.filter((name) => !tooFew.some((check) => check.name === name));
    const plural = (list) => list.length > 1 ? "s" : "";
    read.fail(
      "members",
      String(members),
      `${counts} for the ${tooFew.map((check) => check.name).join(" and ")} check${plural(tooFew)} (${why})` + (fitting.length > 0 ? `; to run only the ${fitting.join(" and ")} check${plural(fitting)} on ${members} member${members === 1 ? "" : "s"}, set checks to ${fitting.join(",")}` : "")
    );
  }
  return { checks: unique, optional: unique.filter((name) => !required.has(name)) };
}
function parseRounds(read) {
  return read.integer("rounds", 1, 1, MAX_ROUNDS);
}
var DECIDED_BY_CONFIG = [
  "members",
  "member-list",
  "heartbeat-ms",
  "election-ms",
  "client-port",
  "peer-port"
];
function parseConfigPath(read) {
  const config = read.raw("config");
  if (config === void 0) return void 0;
  for (const name of DECIDED_BY_CONFIG) {
    const value = read.raw(name);
    if (value !== void 0) {
      read.fail(
        name,
        value,
        `nothing together with ${read.label("config")} '${config}': the configuration decides the members, their names, ports and timing`
      );
    }
  }
  return config;
}
function parseClusterOptions(read) {
  const target = parseTarget(read);
  const config = parseConfigPath(read);
  const provided = parseProvidedPki(read);
  const topology = parseTopology(read, target, { freeLoopbackBlock: provided.pkiDir === void 0 });
  const warning = config === void 0 ? memberCountWarning(topology.members) : void 0;
  return {
    ...config === void 0 ? {} : { config },
    target,
    topology,
    timing: parseTiming(read),
    binary: parseEtcdBinary(read),
    provided,
    warnings: warning ? [warning] : []
  };
}
function parseRunOptions(read) {
  const options = parseClusterOptions(read);
  const { checks, optional } = parseCheckSelection(read, options.topology.members);
  return { ...options, checks, optionalChecks: optional, rounds: parseRounds(read) };
}
function memberCountWarning(members) {
  if (members > 1 && members % 2 === 0) {
    const tolerated = Math.floor((members - 1) / 2);
    return `members is ${members}: an even count adds no fault tolerance over ${members - 1} (both tolerate ${tolerated} failed member${tolerated === 1 ? "" : "s"}) and needs a larger quorum`;
  }
  return void 0;
}
function parseGivenCluster(read) {
  const entries = read.list("endpoints");
  if (entries.length === 0) return void 0;
  const allowed = "https://host:port or name=https://host:port entries, one per member, comma- or newline-separated";
  const members = entries.map((entry, index) => {
    const [name, rawUrl] = entry.includes("=") ? entry.split(/=(.*)/s) : [`etcd-${index + 1}`, entry];
    let url;
    try {
      url = new URL(rawUrl);
    } catch {
      url = void 0;
    }
    if (!url || url.protocol !== "https:" || !url.port || url.pathname !== "/" && url.pathname !== "" || !DNS_LABEL.test(name)) {
      return read.fail("endpoints", entry, allowed);
    }
    return { name, clientUrl: `https://${url.host}` };
  });
  for (const key of ["name", "clientUrl"]) {
    const seen = /* @__PURE__ */ new Set();
    for (const member of members) {
      if (seen.has(member[key]))
        read.fail("endpoints", read.raw("endpoints") ?? "", `${allowed}; ${member[key]} appears twice`);
      seen.add(member[key]);
    }
  }
  const pkiDir = read.raw("pki-dir");
  if (pkiDir === void 0)
    read.fail(
      "pki-dir",
      "",
      "the PKI folder of the cluster (etcd/ca.crt and apiserver-etcd-client.crt/.key, as kubeadm lays them out), with endpoints"
    );
  return { members, pkiDir, timing: parseTiming(read) };
}

// src/util/terminal.ts
function terminalMode(isTTY, env) {
  const tty = isTTY === true && env.TERM !== "dumb" && !env.NO_COLOR;
  return { color: tty, live: tty && !env.CI };
}
var SGR = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39]
};
function painter(color) {
  if (!color) return (text) => text;
  return (text, ...styles) => styles.reduce((painted, style) => `\x1B[${SGR[style][0]}m${painted}\x1B[${SGR[style][1]}m`, text);
}
var CLEAR_LINE = "\r\x1B[2K";
var SPINNER = ["\u280B", "\u2819", "\u2839", "\u2838", "\u283C", "\u2834", "\u2826", "\u2827", "\u2807", "\u280F"];
var seconds = (ms) => `${(Math.max(0, ms) / 1e3).toFixed(1)}s`;
function phaseLine(frame, phases, elapsedMs) {
  return `${SPINNER[frame % SPINNER.length]} ${phases.join(" \u203A ")} ${seconds(elapsedMs)}`;
}

// src/version.ts
var VERSION = "0.1.0";

// src/util/logger.ts
import { performance as performance2 } from "node:perf_hooks";

// src/util/text-layout.ts
var TERMINAL_WIDTH = 100;
var GAP = "  ";
var ELLIPSIS = "\u2026";
var NUMBER = /^-?\d+(\.\d+)?$/;
function pieces(text) {
  return text.split(/(?<= )(?!(?:ms|s|kB|MB|GB)\b)/).flatMap((word) => word.split(/(?<=[,;])/)).flatMap((piece) => piece.includes("://") ? [piece] : piece.split(/(?<=\/)(?=[^/ ])/));
}
var unbreakable = (piece) => piece.includes("://");
function wrapText(text, width, nextWidth = width) {
  const lines = [];
  const limit = () => lines.length === 0 ? width : nextWidth;
  let current = "";
  const push = () => {
    if (current.trimEnd() !== "") lines.push(current.trimEnd());
    current = "";
  };
  for (let piece of pieces(text)) {
    if ((current + piece).trimEnd().length <= limit()) {
      current += piece;
      continue;
    }
    push();
    piece = piece.trimStart();
    while (piece.trimEnd().length > limit() && !unbreakable(piece)) {
      const size = limit();
      lines.push(piece.slice(0, size));
      piece = piece.slice(size);
    }
    current = piece;
  }
  push();
  return lines.length > 0 ? lines : [""];
}
function paragraph(text, options = {}) {
  const indent = options.indent ?? 0;
  const hanging = options.hanging ?? 2;
  const width = (options.width ?? TERMINAL_WIDTH) - indent;
  return wrapText(text, width, width - hanging).map((line, index) => " ".repeat(indent + (index === 0 ? 0 : hanging)) + line).join("\n");
}
function truncate(text, width) {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1)).trimEnd()}${ELLIPSIS}`;
}
var MIN_FLEX_WIDTH = 12;
function columnWidths(rows, flexible, width, overflow) {
  const natural = rows[0].map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  const minimum = natural.map((size, column) => {
    if (!flexible.includes(column)) return size;
    const urls = overflow === "wrap" ? rows.slice(1).flatMap(
      (cells) => pieces(cells[column]).filter(unbreakable).map((piece) => piece.trimEnd().length)
    ) : [];
    return Math.min(size, Math.max(MIN_FLEX_WIDTH, rows[0][column].length, ...urls));
  });
  const total = (sizes) => sizes.reduce((sum, size) => sum + size, 0) + GAP.length * (sizes.length - 1);
  if (total(natural) <= width) return { widths: natural, natural };
  const capped = (cap2) => natural.map((size, column) => flexible.includes(column) ? Math.max(minimum[column], Math.min(size, cap2)) : size);
  let cap = Math.max(...natural);
  while (cap > 0 && total(capped(cap)) > width) cap--;
  return { widths: capped(cap), natural };
}
function fitTable(table, options = {}) {
  const width = (options.width ?? TERMINAL_WIDTH) - (options.indent ?? 0);
  const overflow = options.overflow ?? "wrap";
  const rows = [table.headers, ...table.rows];
  const flexible = options.flexible ?? [table.headers.length - 1];
  const { widths, natural } = columnWidths(rows, flexible, width, overflow);
  const numeric = table.headers.map(
    (_, column) => table.rows.some((cells) => cells[column] !== "") && table.rows.every((cells) => cells[column] === "" || NUMBER.test(cells[column]))
  );
  const truncatedRows = /* @__PURE__ */ new Set();
  const lines = [];
  rows.forEach((cells, row) => {
    const wrapped = cells.map((text, column) => {
      if (widths[column] >= natural[column]) return [text];
      if (overflow === "truncate") {
        if (text.length > widths[column]) truncatedRows.add(row - 1);
        return [truncate(text, widths[column])];
      }
      return wrapText(text, widths[column]);
    });
    const height = Math.max(...wrapped.map((cell) => cell.length));
    for (let index = 0; index < height; index++) {
      const last = cells.length - 1;
      const line = wrapped.map((cell, column) => {
        const text = cell[index] ?? "";
        const padded = numeric[column] ? text.padStart(widths[column]) : column === last ? text : text.padEnd(widths[column]);
        return options.paint && text !== "" ? options.paint(row - 1, column, padded) : padded;
      }).join(GAP);
      lines.push(" ".repeat(options.indent ?? 0) + line.trimEnd());
    }
  });
  return { lines, truncatedRows: [...truncatedRows] };
}
var boldHeader = (paint) => (row, _column, text) => row === -1 ? paint(text, "bold") : text;
function pairColumns(pairs, options = {}) {
  if (pairs.length === 0) return [];
  const indent = options.indent ?? 2;
  const width = (options.width ?? TERMINAL_WIDTH) - indent;
  const columnGap = "    ";
  for (let columns = pairs.length; columns >= 1; columns--) {
    const rows = Math.ceil(pairs.length / columns);
    const groups = Array.from(
      { length: Math.ceil(pairs.length / rows) },
      (_, column) => pairs.slice(column * rows, (column + 1) * rows)
    );
    const sizes = groups.map((group) => ({
      name: Math.max(...group.map(([name]) => name.length)),
      value: Math.max(...group.map(([, value]) => value.length))
    }));
    const total = sizes.reduce((sum, size) => sum + size.name + 2 + size.value, 0) + columnGap.length * (groups.length - 1);
    if (total > width && columns > 1) continue;
    return Array.from(
      { length: rows },
      (_, row) => " ".repeat(indent) + groups.map(
        (group, column) => group[row] ? `${group[row][0].padEnd(sizes[column].name)}  ${group[row][1].padStart(sizes[column].value)}` : ""
      ).join(columnGap).trimEnd()
    );
  }
  return [];
}

// src/util/logger.ts
var LEADING_SPACE = /^[\s\u0085]*/;
var COMMAND_START = /^(::|##\[)/;
function inertLines(text) {
  return text.replace(/\r(?!\n)/g, "\\r").split("\n").map((line) => {
    const indent = LEADING_SPACE.exec(line)?.[0] ?? "";
    return COMMAND_START.test(line.slice(indent.length)) ? `${indent}\u200B${line.slice(indent.length)}` : line;
  }).join("\n");
}
function inertMessage(text) {
  const escaped = text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029]/g,
    (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`
  );
  return inertLines(escaped);
}
function consoleLogger(options = {}) {
  const stream = options.stream ?? process.stderr;
  const mode = terminalMode(stream.isTTY, options.env ?? process.env);
  const paint = painter(mode.color);
  const now = options.now ?? (() => performance2.now());
  const phases = [];
  let frame = 0;
  let drawn = false;
  let timer;
  const draw = () => {
    const current = phases.at(-1);
    if (!current) return;
    stream.write(
      `${CLEAR_LINE}${paint(
        phaseLine(
          frame++,
          phases.map((phase) => phase.name),
          now() - current.started
        ),
        "cyan"
      )}`
    );
    drawn = true;
  };
  const fit = (text) => mode.live ? paragraph(text) : text;
  const line = (text) => {
    if (drawn) stream.write(CLEAR_LINE);
    drawn = false;
    stream.write(`${text}
`);
    if (mode.live) draw();
  };
  return {
    // Messages quote the user's files (names, values): each is made inert before it is painted.
    info: (m) => line(fit(inertMessage(m))),
    warning: (m) => line(fit(`warning: ${inertMessage(m)}`).replace(/^warning:/, paint("warning:", "yellow", "bold"))),
    debug: (m) => {
      if (options.verbose) line(paint(fit(`debug: ${inertMessage(m)}`), "dim"));
    },
    group: async (rawName, work) => {
      const name = inertMessage(rawName);
      if (!mode.live) {
        line(`== ${name}`);
        return work();
      }
      const started = now();
      phases.push({ name, started });
      timer ??= setInterval(draw, options.redrawMs ?? 100);
      timer.unref?.();
      draw();
      let ended = false;
      try {
        const result = await work();
        ended = true;
        return result;
      } finally {
        phases.pop();
        if (phases.length === 0) {
          clearInterval(timer);
          timer = void 0;
        }
        line(`${ended ? paint("\u2713", "green") : paint("\u2717", "red")} ${name} ${paint(seconds(now() - started), "dim")}`);
      }
    }
  };
}

export {
  isSummedFigure,
  nearestRank,
  combineRounds,
  pollUntil,
  waitForHealthyCluster,
  firstAsked,
  startCluster,
  systemClock,
  FaultUnsupportedError,
  requireFault,
  runCheck,
  parseEtcdVersion,
  flagInfo,
  bootRefusals,
  configMapping,
  configFiles,
  hostsOf,
  clusterSpecFromConfig,
  restoreToolFor,
  snapshotRestoreArgs,
  readClientTls,
  EtcdClient,
  renderHistoryText,
  renderHistoryJson,
  KEY_ALGORITHMS,
  DEFAULT_KEY_ALGORITHM,
  keyAlgorithmOf,
  describeKeyType,
  memberAddress,
  buildClusterSpec,
  SPARE_DIR,
  placeOnAddress,
  withPeerProxies,
  withTiming,
  clientEndpoints,
  relocatedMember,
  givenClusterSpec,
  makeDirs,
  writeFileNoFollow,
  appendFileNoFollow,
  makeClusterPki,
  generateClusterPki,
  require_dist,
  etcdFlags,
  memberListeners,
  etcdConfigYaml,
  readStatusTable,
  READER_RULE_IDS,
  upgradeSteps,
  upgradeRuleFindings,
  groupClusters,
  RULES,
  runRules,
  CHECK_NAMES,
  DEFAULT_CHECKS,
  checkNamed,
  checksMayUse,
  isCheckName,
  TARGET_KINDS,
  recordedKind,
  unhandledKind,
  tcpListeners,
  parseTarget,
  DEFAULT_ETCD_VERSION,
  DEFAULT_DOWNLOAD_URL,
  MIN_ETCD_VERSION,
  inputLabel,
  flagLabel,
  optionReader,
  parseTopology,
  refuseReplacedOptions,
  parseTiming,
  parseEtcdVersion2,
  compareVersions,
  parseEtcdBinary,
  parseProvidedPki,
  parseCheckSelection,
  parseRounds,
  parseClusterOptions,
  parseRunOptions,
  memberCountWarning,
  parseGivenCluster,
  terminalMode,
  painter,
  TERMINAL_WIDTH,
  paragraph,
  fitTable,
  boldHeader,
  pairColumns,
  VERSION,
  inertLines,
  inertMessage,
  consoleLogger
};
